package io.srgan.spark.testing;

import io.srgan.spark.io.HadoopSettings;
import java.net.URI;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A bucket on a running S3 endpoint, as an S3A client sees it.
 *
 * @param endpoint  {@code http://127.0.0.1:<port>}
 * @param bucket    the bucket's name
 * @param accessKey the access key (identity)
 * @param secretKey the secret key (credential)
 */
public record S3Bucket(String endpoint, String bucket, String accessKey, String secretKey) {

    /** {@code s3a://<bucket>/} */
    public URI uri() {
        return URI.create("s3a://" + bucket + "/");
    }

    /** {@code s3a://<bucket>/<key>} */
    public URI uri(String key) {
        return uri().resolve(key.startsWith("/") ? key.substring(1) : key);
    }

    /** What a job would be given to reach this bucket: path-style requests, plain HTTP, static keys. */
    public HadoopSettings settings() {
        return HadoopSettings.of(Map.ofEntries(
                Map.entry("fs.s3a.endpoint", endpoint),
                // A fixed region: without one the SDK would ask the EC2 metadata address for it.
                Map.entry("fs.s3a.endpoint.region", "us-east-1"),
                Map.entry("fs.s3a.path.style.access", "true"),
                Map.entry("fs.s3a.connection.ssl.enabled", "false"),
                Map.entry("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"),
                Map.entry("fs.s3a.access.key", accessKey),
                Map.entry("fs.s3a.secret.key", secretKey),
                // Fail a test in seconds, not after S3A's default minutes of retries.
                Map.entry("fs.s3a.attempts.maximum", "2"),
                Map.entry("fs.s3a.retry.limit", "2"),
                Map.entry("fs.s3a.connection.establish.timeout", "5000"),
                Map.entry("fs.s3a.connection.timeout", "30000")));
    }

    public Configuration configuration() {
        return settings().toConfiguration();
    }

    @Override
    public String toString() {
        return "S3Bucket[" + endpoint + ", " + bucket + "]"; // keys stay out of logs
    }
}
