package io.srgan.spark.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * What the report needs from a run's {@code config.json} (the resolved HOCON rendered as JSON, under
 * the root key {@code srgan}; a config rendered without it is read the same way).
 *
 * @param scale        upscaling factor, 0 when the config does not say
 * @param psnrSteps    steps of the PSNR phase, -1 when unknown
 * @param steps        steps of the whole run, -1 when unknown
 * @param validationHr folder or Hadoop URI of the HR validation images, null for none
 */
public record RunSettings(int scale, long psnrSteps, long steps, String validationHr) {
    static final String FILE = "config.json";

    public static final RunSettings UNKNOWN = new RunSettings(0, -1, -1, null);

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
        return new RunSettings(c.path("scale").asInt(0), c.path("train").path("psnr-steps").asLong(-1),
                c.path("train").path("steps").asLong(-1), hr.isTextual() && !hr.asText().isBlank() ? hr.asText() : null);
    }
}
