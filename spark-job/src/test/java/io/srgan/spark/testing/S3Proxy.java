package io.srgan.spark.testing;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real S3 endpoint with a bucket, shared by every test in the JVM; tests take an {@link S3Bucket}
 * parameter. By default it starts s3proxy as a child process ({@link S3ProxyProcess}) from the jar that
 * Maven copies to {@code target/s3proxy/s3proxy.jar} (system property {@value #JAR_PROPERTY}). If
 * {@value #ENDPOINT_ENV} is set, the server already running there is used instead, with keys from
 * {@value #ACCESS_KEY_ENV}/{@value #SECRET_KEY_ENV} and bucket {@value #BUCKET_ENV} (created if absent;
 * defaults: the keys and bucket this class gives its own server). A server that cannot be started or
 * reached fails the test.
 */
public final class S3Proxy implements ParameterResolver {
    public static final String ENDPOINT_ENV = "SRGAN_S3_ENDPOINT";
    public static final String ACCESS_KEY_ENV = "SRGAN_S3_ACCESS_KEY";
    public static final String SECRET_KEY_ENV = "SRGAN_S3_SECRET_KEY";
    public static final String BUCKET_ENV = "SRGAN_S3_BUCKET";
    public static final String JAR_PROPERTY = "srgan.s3proxy.jar";
    public static final String DEFAULT_BUCKET = "srgan-test";

    public static S3Bucket bucket(ExtensionContext context) {
        return Shared.get(context, S3Proxy.class, Running.class, Running::start).bucket;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == S3Bucket.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return bucket(context);
    }

    static final class Running implements AutoCloseable {
        final S3Bucket bucket;
        final S3ProxyProcess process; // null when the endpoint is someone else's

        private Running(S3Bucket bucket, S3ProxyProcess process) {
            this.bucket = bucket;
            this.process = process;
        }

        static Running start() throws Exception {
            String external = System.getenv(ENDPOINT_ENV);
            if (external != null && !external.isBlank()) {
                S3Bucket bucket = new S3Bucket(external.strip(), env(BUCKET_ENV, DEFAULT_BUCKET),
                        env(ACCESS_KEY_ENV, S3ProxyProcess.IDENTITY), env(SECRET_KEY_ENV, S3ProxyProcess.CREDENTIAL));
                ensureBucket(bucket, ENDPOINT_ENV + "=" + external);
                return new Running(bucket, null);
            }
            Path jar = Path.of(System.getProperty(JAR_PROPERTY, BuildDirs.buildDir().resolve("s3proxy/s3proxy.jar").toString()));
            S3ProxyProcess process = S3ProxyProcess.start(jar, BuildDirs.newFolder("s3proxy", "run-"));
            try {
                S3Bucket bucket = new S3Bucket(process.endpoint(), DEFAULT_BUCKET, S3ProxyProcess.IDENTITY, S3ProxyProcess.CREDENTIAL);
                ensureBucket(bucket, process.toString());
                return new Running(bucket, process);
            } catch (Exception | Error e) {
                process.close();
                throw e;
            }
        }

        private static void ensureBucket(S3Bucket bucket, String server) throws IOException {
            try {
                S3Buckets.ensure(bucket);
            } catch (RuntimeException e) {
                throw new IOException("cannot create or find bucket '" + bucket.bucket() + "' on " + server + ": " + e.getMessage(), e);
            }
        }

        private static String env(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value.strip();
        }

        @Override
        public void close() {
            if (process != null) {
                process.close();
            }
        }
    }
}
