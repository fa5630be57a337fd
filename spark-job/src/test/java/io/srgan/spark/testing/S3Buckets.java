package io.srgan.spark.testing;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;

/** Creates buckets through the S3 API (a folder made beside the server's data would lack its metadata). */
final class S3Buckets {
    private S3Buckets() {
    }

    static void ensure(S3Bucket target) {
        AmazonS3 s3 = AmazonS3ClientBuilder.standard()
                .withEndpointConfiguration(new EndpointConfiguration(target.endpoint(), "us-east-1"))
                .withPathStyleAccessEnabled(true)
                .withCredentials(new AWSStaticCredentialsProvider(
                        new BasicAWSCredentials(target.accessKey(), target.secretKey())))
                .build();
        try {
            if (!s3.doesBucketExistV2(target.bucket())) {
                s3.createBucket(target.bucket());
            }
        } finally {
            s3.shutdown();
        }
    }
}
