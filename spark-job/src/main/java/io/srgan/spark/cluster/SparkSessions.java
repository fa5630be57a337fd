package io.srgan.spark.cluster;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The job's SparkContext. Under {@code spark-submit} the master and everything else come from the
 * submit command; run from {@code bin/srgan} (no master set) it is an embedded {@code local[*]}
 * bound to 127.0.0.1, so a laptop runs the same job as the cluster.
 */
public final class SparkSessions {
    private SparkSessions() {}

    /** The running context if there is one (tests, notebooks), else a new one named {@code appName}. */
    public static JavaSparkContext getOrCreate(String appName) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]")
                    // the machine's host name may not resolve to a reachable address; loopback always does
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.ui.showConsoleProgress", "false");
        }
        return JavaSparkContext.fromSparkContext(org.apache.spark.SparkContext.getOrCreate(conf));
    }

    /** True when the context runs executors in this JVM (local mode): nothing crosses a process boundary. */
    public static boolean isLocal(JavaSparkContext sc) {
        return sc.master().startsWith("local[") || sc.master().equals("local");
    }
}
