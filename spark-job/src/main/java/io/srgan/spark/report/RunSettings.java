package io.srgan.spark.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the report needs from a run's {@code config.json} (the resolved HOCON rendered as JSON, under
 * the root key {@code srgan}; a config rendered without it is read the same way).
 *
 * @param scale        upscaling factor, 0 when the config does not say
 * @param psnrSteps    steps of the PSNR phase, -1 when unknown
 * @param steps        steps of the whole run, -1 when unknown
 * @param validationHr folder or Hadoop URI of the HR validation images, null for none
 * @param hadoop       the run's Hadoop client settings ({@code srgan.hadoop}, never credentials)
 * @param degradation  the {@code srgan.degradation} block as JSON when it is enabled, else null
 */
public record RunSettings(int scale, long psnrSteps, long steps, String validationHr, Map<String, String> hadoop, String degradation) {
    public static final RunSettings UNKNOWN = new RunSettings(0, -1, -1, null, Map.of());

    public RunSettings {
        hadoop = Map.copyOf(hadoop);
    }

    /** A run without degradations. */
    public RunSettings(int scale, long psnrSteps, long steps, String validationHr, Map<String, String> hadoop) {
        this(scale, psnrSteps, steps, validationHr, hadoop, null);
    }

    static RunSettings read(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(in);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(source + ": not JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) throw new IOException(source + ": not a JSON object");
        JsonNode c = root.has("srgan") ? root.get("srgan") : root;
        JsonNode hr = c.path("validation").path("hr");
        Map<String, String> hadoop = new TreeMap<>();
        flatten("", c.path("hadoop"), hadoop);
        JsonNode degradation = c.path("degradation");
        return new RunSettings(c.path("scale").asInt(0), c.path("train").path("psnr-steps").asLong(-1),
                c.path("train").path("steps").asLong(-1), hr.isTextual() && !hr.asText().isBlank() ? hr.asText() : null, hadoop,
                degradation.path("enabled").asBoolean(false) ? degradation.toString() : null);
    }

    /** HOCON renders {@code fs.s3a.endpoint = x} as nested objects: back to dotted keys. */
    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> flatten(prefix + f.getKey() + ".", f.getValue(), out));
        } else if (node.isValueNode() && !node.isNull() && !prefix.isEmpty()) {
            out.put(prefix.substring(0, prefix.length() - 1), node.asText());
        }
    }
}
