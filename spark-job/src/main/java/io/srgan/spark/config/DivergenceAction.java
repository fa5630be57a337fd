package io.srgan.spark.config;

import io.srgan.core.util.SettingNames;

/**
 * {@code train.on-divergence}: what {@link DivergencePolicy} does after rolling a diverged round back
 * (stop | skip-round | halve-lr). The config loader checks the setting with {@link #parse}.
 */
public enum DivergenceAction {
    STOP, SKIP_ROUND, HALVE_LR;

    public static DivergenceAction parse(String s) {
        return SettingNames.parse(DivergenceAction.class, "on-divergence", s);
    }

    /** The setting's value (and the metrics lines' action) naming it. */
    public String label() { return SettingNames.of(this); }
}
