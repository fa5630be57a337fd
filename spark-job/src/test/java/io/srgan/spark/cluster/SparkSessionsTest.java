package io.srgan.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.util.Utils;
import org.junit.jupiter.api.Test;
import scala.Tuple2;
import scala.collection.JavaConverters;

class SparkSessionsTest {
    private static final String HIDDEN = "*********(redacted)";

    /** What Spark's UI environment page and event logs show of these properties. */
    private static Map<String, String> shown(SparkConf conf, Map<String, String> properties) {
        List<Tuple2<String, String>> kvs = properties.entrySet().stream().map(e -> new Tuple2<>(e.getKey(), e.getValue())).toList();
        Map<String, String> shown = new TreeMap<>();
        JavaConverters.seqAsJavaList(Utils.redact(conf, JavaConverters.asScalaBuffer(kvs).toSeq()))
                .forEach(t -> shown.put(t._1(), t._2()));
        return shown;
    }

    @Test
    void theUiRedactsEverySecretHadoopSettingNotOnlySparksOwnList() {
        Map<String, String> properties = new TreeMap<>(Map.of(
                "spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net", "azure-key",
                "spark.hadoop.fs.s3a.encryption.key", "sse-c-key",
                "spark.hadoop.fs.gs.auth.service.account.private.key", "gcs-private-key",
                "spark.hadoop.fs.azure.account.oauth2.refresh.token", "refresh-token",
                "spark.hadoop.fs.s3a.secret.key", "s3-secret",
                "spark.hadoop.hadoop.http.authentication.signature.secret.file", "/etc/secret-file",
                "spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000",
                "spark.hadoop.fs.s3a.server-side-encryption-algorithm", "SSE-C"));
        Map<String, String> shown = shown(SparkSessions.conf("test"), properties);
        Map<String, String> expected = new TreeMap<>(properties);
        expected.replaceAll((k, v) -> k.endsWith("endpoint") || k.endsWith("algorithm") ? v : HIDDEN);
        assertEquals(expected, shown);
    }

    @Test
    void aUsersOwnRedactionPatternIsKeptAndWidened() {
        // spark-submit --conf spark.redaction.regex=... reaches the driver as a system property
        System.setProperty("spark.redaction.regex", "(?i)endpoint");
        try {
            Map<String, String> shown = shown(SparkSessions.conf("test"), Map.of("spark.hadoop.fs.s3a.endpoint", "http://x",
                    "spark.hadoop.fs.s3a.encryption.key", "k", "spark.hadoop.fs.s3a.path.style.access", "true"));
            assertEquals(Map.of("spark.hadoop.fs.s3a.endpoint", HIDDEN, "spark.hadoop.fs.s3a.encryption.key", HIDDEN,
                    "spark.hadoop.fs.s3a.path.style.access", "true"), shown);
        } finally {
            System.clearProperty("spark.redaction.regex");
        }
    }
}
