package io.srgan.spark.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * One training round of the metrics log ({@code "kind":"round"}, or a per-step line of the
 * single-machine job, read as a round of one step). The training job starts the line with
 * {@link #start} and adds the round's values ({@link RoundMetrics}); the report reads it back here.
 *
 * @param phase  {@code psnr}, {@code gan}, or null when the line did not say
 * @param values every other numeric field by name ({@code l_g_pix}, {@code lr_g}, {@code time},
 *               {@code samples_per_s}, ...), in the line's order
 */
public record RoundLine(long round, long step, String phase, Map<String, Double> values) {
    public static final String PHASE = "phase";
    private static final Set<String> HEADER = Set.of(MetricsLines.KIND, MetricsLines.ROUND, MetricsLines.STEP, PHASE);

    public RoundLine {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public OptionalDouble value(String key) {
        Double v = values.get(key);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** A round line's first fields; the writer adds the values after them. */
    public static Map<String, Object> start(long round, long step, String phase) {
        Map<String, Object> line = MetricsLines.start(MetricsLines.Kind.ROUND);
        line.put(MetricsLines.ROUND, round);
        line.put(MetricsLines.STEP, step);
        line.put(PHASE, phase);
        return line;
    }

    /**
     * Reads a round line, or with {@code perStep} a line without kind (its round is its step); a
     * round line without a round is read the same. IllegalArgumentException if it has no whole step.
     */
    static RoundLine parse(JsonNode node, boolean perStep) {
        long step = JsonValues.wholeNumber(node, MetricsLines.STEP);
        long round = perStep || !node.has(MetricsLines.ROUND) ? step : JsonValues.wholeNumber(node, MetricsLines.ROUND);
        Map<String, Double> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (HEADER.contains(field.getKey())) continue;
            Double v = JsonValues.number(field.getValue());
            if (v != null) values.put(field.getKey(), v);
        }
        return new RoundLine(round, step, JsonValues.text(node.get(PHASE)), values);
    }
}
