package io.srgan.spark.config;

import io.srgan.core.util.SettingNames;

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

    /** average | keep-local | reset ({@code cluster.optimizer-state}; the config loader checks the setting with it). */
    public static OptimizerPolicy parse(String s) {
        return SettingNames.parse(OptimizerPolicy.class, "optimizer state", s);
    }

    /** The setting's value naming this policy. */
    public String label() { return SettingNames.of(this); }


    @Override
    public String toString() {
        return label();
    }
}
