package io.srgan.spark.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A validation result of the metrics log ({@code "kind":"validation"}), as the training job writes it
 * and the report reads it. Its scores are also what a checkpoint's manifest records, under the same
 * names (retention and {@code best-psnr} pick by {@link #PSNR_Y}).
 *
 * @param round     the round the step ended, -1 when the line did not say
 * @param ssimY     NaN when the line had none
 * @param images    how many images were scored, 0 when unknown
 * @param generator {@code ema} or {@code raw}, null when unknown
 */
public record ValidationLine(long step, long round, double psnrY, double ssimY, int images, String generator) {
    public static final String PSNR_Y = "val_psnr_y";
    public static final String SSIM_Y = "val_ssim_y";
    private static final String IMAGES = "images";
    private static final String GENERATOR = "generator";

    /** The line to write, in the order it has always been written. */
    public Map<String, Object> fields() {
        Map<String, Object> line = MetricsLines.start(MetricsLines.Kind.VALIDATION);
        line.put(MetricsLines.STEP, step);
        line.put(MetricsLines.ROUND, round);
        line.put(PSNR_Y, psnrY);
        line.put(SSIM_Y, ssimY);
        line.put(IMAGES, images);
        line.put(GENERATOR, generator);
        return line;
    }

    /** The scores by name, as a checkpoint's manifest records them. */
    public Map<String, Double> scores() {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put(PSNR_Y, psnrY);
        scores.put(SSIM_Y, ssimY);
        return scores;
    }

    /** Reads a validation line; IllegalArgumentException if it has no whole step or no PSNR. */
    static ValidationLine parse(JsonNode node) {
        long step = JsonValues.wholeNumber(node, MetricsLines.STEP);
        Double psnr = JsonValues.number(node.get(PSNR_Y));
        if (psnr == null) throw new IllegalArgumentException("validation line without a number '" + PSNR_Y + "'");
        Double ssim = JsonValues.number(node.get(SSIM_Y));
        Double images = JsonValues.number(node.get(IMAGES));
        return new ValidationLine(step, node.has(MetricsLines.ROUND) ? JsonValues.wholeNumber(node, MetricsLines.ROUND) : -1, psnr,
                ssim == null ? Double.NaN : ssim, images == null ? 0 : images.intValue(), JsonValues.text(node.get(GENERATOR)));
    }
}
