package io.srgan.spark.cli;

import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.retrain.RetrainConfig;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hadoop client settings for commands that run without a SparkContext: the {@code spark.hadoop.*}
 * properties of this JVM, which is where spark-submit puts {@code --conf spark.hadoop.fs.s3a.endpoint=...}
 * (and {@code bin/srgan} takes them from {@code SRGAN_JAVA_OPTS=-Dspark.hadoop...}). Files on the
 * classpath ({@code core-site.xml} from {@code HADOOP_CONF_DIR}) apply as well, underneath.
 */
final class HadoopProperties {
    private HadoopProperties() {
    }

    /** The JVM's {@code spark.hadoop.*} properties, then the retrain config's {@code hadoop} block (as the training job merges them). */
    static HadoopSettings of(RetrainConfig config) {
        return fromSystemProperties().withAll(config.hadoop().values());
    }

    static HadoopSettings fromSystemProperties() {
        Map<String, String> values = new TreeMap<>();
        System.getProperties().forEach((k, v) -> {
            String key = k.toString();
            if (key.startsWith(HadoopSettings.SPARK_PREFIX) && key.length() > HadoopSettings.SPARK_PREFIX.length()) {
                values.put(key.substring(HadoopSettings.SPARK_PREFIX.length()), v.toString());
            }
        });
        return HadoopSettings.of(values);
    }
}
