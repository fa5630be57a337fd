package io.srgan.spark.cluster;

import io.srgan.spark.io.Secrets;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.internal.config.package$;

/**
 * The job's SparkContext. Under {@code spark-submit} the master and everything else come from the
 * submit command; run from {@code bin/srgan} (no master set) it is an embedded {@code local[*]}
 * bound to 127.0.0.1, so a laptop runs the same job as the cluster.
 */
public final class SparkSessions {
    private static final String REDACTION = "spark.redaction.regex";

    private SparkSessions() {}

    /** The running context if there is one (tests, notebooks), else a new one named {@code appName}. */
    public static JavaSparkContext getOrCreate(String appName) {
        return JavaSparkContext.fromSparkContext(org.apache.spark.SparkContext.getOrCreate(conf(appName)));
    }

    /** The configuration a new context gets: spark-submit's (the JVM's {@code spark.*} properties), or the embedded defaults. */
    public static SparkConf conf(String appName) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]")
                    // the machine's host name may not resolve to a reachable address; loopback always does
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.ui.showConsoleProgress", "false");
        }
        // The UI's environment page and event logs show every property but those this matches: Spark's own
        // pattern misses fs.azure.account.key.*, fs.s3a.encryption.key, ... which srgan's rule catches.
        String spark = conf.get(REDACTION, package$.MODULE$.SECRET_REDACTION_PATTERN().defaultValueString());
        return conf.set(REDACTION, "(?:" + spark + ")|(?:" + Secrets.REDACTION_REGEX + ")");
    }

    /** True when the context runs executors in this JVM (local mode): nothing crosses a process boundary. */
    public static boolean isLocal(JavaSparkContext sc) {
        return sc.master().startsWith("local[") || sc.master().equals("local");
    }
}
