package io.srgan.spark.io;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * Hadoop client settings ({@code fs.s3a.endpoint}, {@code fs.s3a.access.key}, {@code dfs.replication},
 * ...) as a serializable value: unlike {@link Configuration} it can travel inside a Spark closure, so
 * executors open storage with exactly what the driver was given.
 */
public record HadoopSettings(Map<String, String> values) implements Serializable {

    /** The prefix under which Spark forwards Hadoop settings ({@code spark.hadoop.fs.s3a.endpoint}). */
    public static final String SPARK_PREFIX = "spark.hadoop.";

    public HadoopSettings {
        TreeMap<String, String> checked = new TreeMap<>();
        values.forEach((key, value) -> checked.put(checkKey(key), checkValue(key, value)));
        values = Collections.unmodifiableMap(checked);
    }

    public static HadoopSettings empty() {
        return new HadoopSettings(Map.of());
    }

    public static HadoopSettings of(Map<String, String> values) {
        return new HadoopSettings(values);
    }

    /** A copy with {@code key} set to {@code value}, replacing any earlier value. */
    public HadoopSettings with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new HadoopSettings(copy);
    }

    /** A copy with every entry of {@code more} added, replacing earlier values of the same keys. */
    public HadoopSettings withAll(Map<String, String> more) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.putAll(more);
        return new HadoopSettings(copy);
    }

    /** A new Configuration: Hadoop's defaults and any {@code core-site.xml} on the classpath, then these values. */
    public Configuration toConfiguration() {
        return applyTo(new Configuration());
    }

    /** Sets these values on {@code conf} and returns it. */
    public Configuration applyTo(Configuration conf) {
        values.forEach((key, value) -> conf.set(key, value, "srgan HadoopSettings"));
        return conf;
    }

    /** The same values as Spark properties ({@code spark.hadoop.<key>}), for a SparkConf. */
    public Map<String, String> asSparkProperties() {
        Map<String, String> props = new TreeMap<>();
        values.forEach((key, value) -> props.put(SPARK_PREFIX + key, value));
        return Collections.unmodifiableMap(props);
    }

    private static String checkKey(String key) {
        if (key == null || key.isBlank() || !key.equals(key.strip())) {
            throw new IllegalArgumentException("Hadoop setting key '" + key + "' is blank or has surrounding spaces");
        }
        if (key.startsWith("spark.")) {
            throw new IllegalArgumentException("Hadoop setting key '" + key + "' is a Spark property; give the Hadoop key"
                    + (key.startsWith(SPARK_PREFIX) ? " '" + key.substring(SPARK_PREFIX.length()) + "'" : "")
                    + " instead");
        }
        return key;
    }

    private static String checkValue(String key, String value) {
        if (value == null) {
            throw new IllegalArgumentException("Hadoop setting '" + key + "' has no value");
        }
        return value;
    }

    @Override
    public String toString() {
        // Secrets must not reach logs: show only the keys.
        return "HadoopSettings" + values.keySet();
    }
}
