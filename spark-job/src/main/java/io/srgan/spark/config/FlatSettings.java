package io.srgan.spark.config;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A run's settings as one flat, sorted map, {@code train.batch} → {@code 16}, for recording in
 * checkpoints and comparing on resume. Values are normalised so that equal settings compare equal
 * however they were written ({@code 2e-4} and {@code 0.0002}; strings unquoted; {@code null}). The
 * {@code hadoop} block is left out: client settings of the storage, which never change what a run
 * computes and must not be copied around.
 */
public final class FlatSettings {
    private static final String ROOT = "srgan";
    private static final String HADOOP = "hadoop";

    private FlatSettings() {}

    /** The settings of {@code config}. */
    public static SortedMap<String, String> of(JobConfig config) {
        return flatten(ConfigFactory.parseString(config.rendered()).root());
    }

    /** The defaults of every setting (reference.conf). */
    public static SortedMap<String, String> defaults() {
        return flatten(ConfigFactory.defaultReference().root());
    }

    private static SortedMap<String, String> flatten(ConfigObject whole) {
        SortedMap<String, String> out = new TreeMap<>();
        ConfigValue root = whole.get(ROOT);
        if (root instanceof ConfigObject o) {
            o.forEach((key, value) -> {
                if (!key.equals(HADOOP)) add(key, value, out);
            });
        }
        return Collections.unmodifiableSortedMap(out);
    }

    private static void add(String key, ConfigValue value, Map<String, String> out) {
        if (value instanceof ConfigObject o) {
            o.forEach((k, v) -> add(key + "." + k, v, out));
            return;
        }
        out.put(key, switch (value.valueType()) {
            case NULL -> "null";
            case STRING, BOOLEAN -> String.valueOf(value.unwrapped());
            case NUMBER -> new BigDecimal(value.unwrapped().toString()).stripTrailingZeros().toPlainString();
            default -> value.render(ConfigRenderOptions.concise());
        });
    }
}
