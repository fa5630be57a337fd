package io.srgan.spark.testing;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The test JVM's one SparkContext ({@code local[2]}, bound to 127.0.0.1, no UI), created on first use
 * and stopped after the last test; tests take a {@link JavaSparkContext} parameter. Spark allows one
 * context per JVM, so every test that needs Spark goes through here.
 */
public final class LocalSpark implements ParameterResolver {

    public static JavaSparkContext context(ExtensionContext context) {
        return Shared.get(context, LocalSpark.class, Running.class, Running::start).spark;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == JavaSparkContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context(context);
    }

    static final class Running implements AutoCloseable {
        final JavaSparkContext spark;

        private Running(JavaSparkContext spark) {
            this.spark = spark;
        }

        static Running start() throws Exception {
            SparkConf conf = new SparkConf()
                    .setMaster("local[2]")
                    .setAppName("srgan-spark-tests")
                    // The machine's host name may not resolve to a reachable address; loopback always does.
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.ui.enabled", "false")
                    .set("spark.ui.showConsoleProgress", "false")
                    .set("spark.local.dir", BuildDirs.newFolder("spark", "local-").toString());
            return new Running(new JavaSparkContext(conf));
        }

        @Override
        public void close() {
            spark.stop();
        }
    }
}
