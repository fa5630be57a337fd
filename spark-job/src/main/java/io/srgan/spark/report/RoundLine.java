package io.srgan.spark.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One training round of {@code metrics.jsonl} ({@code "kind":"round"}, or a per-step line of the
 * single-machine job, read as a round of one step).
 *
 * @param line   1-based line number in its part of the log (see {@link io.srgan.spark.run.MetricsFiles}), for messages
 * @param phase  {@code psnr}, {@code gan}, or null when the line did not say
 * @param values every other numeric field by name ({@code l_g_pix}, {@code lr_g}, {@code time},
 *               {@code samples_per_s}, ...), in the line's order
 */
public record RoundLine(long line, long round, long step, String phase, Map<String, Double> values) {
    public RoundLine {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public OptionalDouble value(String key) {
        Double v = values.get(key);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
