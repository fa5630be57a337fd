package io.srgan.spark.train;

import java.util.Locale;

/**
 * What happens to the Adam moments across rounds. Weights (G, D, EMA) are always averaged.
 * <ul>
 *   <li>{@code average}: every partition starts the round from the sample-weighted mean of the
 *       moments (the usual choice; exact resume);</li>
 *   <li>{@code keep-local}: each partition keeps its own moments from round to round in its
 *       executor; a partition that lost them (executor restarted) starts from the last averaged
 *       ones (counted in the round metrics). Less traffic; checkpoints hold the mean;</li>
 *   <li>{@code reset}: moments and bias correction start from zero every round (least traffic).</li>
 * </ul>
 */
public enum OptimizerPolicy {
    AVERAGE, KEEP_LOCAL, RESET;

    public static OptimizerPolicy parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "average" -> AVERAGE;
            case "keep-local" -> KEEP_LOCAL;
            case "reset" -> RESET;
            default -> throw new IllegalArgumentException("optimizer-state must be average, keep-local or reset, got '" + s + "'");
        };
    }

    /** Whether {@code name} is an Adam moment of G or D. */
    static boolean isOptimizerTensor(String name) {
        return TensorGroup.of(name).isMoments();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
