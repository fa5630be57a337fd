package io.srgan.spark.retrain;

import java.util.Locale;

/**
 * When a candidate replaces the production model, judged by mean PSNR-Y on the fixed validation set.
 *
 * @param kind   {@code better-by-margin}: candidate ≥ production + margin;
 *               {@code not-worse}: candidate ≥ production − margin (a tolerance)
 * @param margin in dB, ≥ 0
 */
public record PromotionPolicy(String kind, double margin) {
    public static final String BETTER_BY_MARGIN = "better-by-margin";
    public static final String NOT_WORSE = "not-worse";

    public PromotionPolicy {
        if (!BETTER_BY_MARGIN.equals(kind) && !NOT_WORSE.equals(kind)) {
            throw new IllegalArgumentException("promotion policy '" + kind + "' is unknown; use " + BETTER_BY_MARGIN
                    + " or " + NOT_WORSE);
        }
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("promotion margin must be a finite number of dB >= 0, got " + margin);
        }
    }

    /** The PSNR-Y a candidate needs against {@code production}. */
    public double threshold(double production) {
        return BETTER_BY_MARGIN.equals(kind) ? production + margin : production - margin;
    }

    public boolean promotes(double candidate, double production) {
        return !Double.isNaN(candidate) && candidate >= threshold(production);
    }

    /** The decision in words, with the numbers. */
    public String explain(double candidate, double production) {
        return String.format(Locale.ROOT, "candidate PSNR-Y %.4f dB %s %.4f dB needed (production %.4f dB, %s, margin %.3f dB)",
                candidate, promotes(candidate, production) ? ">=" : "<", threshold(production), production, kind, margin);
    }
}
