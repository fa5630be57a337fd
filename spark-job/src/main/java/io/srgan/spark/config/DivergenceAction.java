package io.srgan.spark.config;

import java.util.Arrays;
import java.util.Locale;

/**
 * {@code train.on-divergence}: what {@link DivergencePolicy} does after rolling a diverged round back
 * (stop | skip-round | halve-lr). The config loader checks the setting with {@link #parse}.
 */
public enum DivergenceAction {
    STOP, SKIP_ROUND, HALVE_LR;

    public static DivergenceAction parse(String s) {
        for (DivergenceAction a : values()) {
            if (a.label().equals(s)) return a;
        }
        throw new IllegalArgumentException("on-divergence must be one of "
                + Arrays.stream(values()).map(DivergenceAction::label).toList() + ", got '" + s + "'");
    }

    /** The setting's value (and the metrics lines' action) naming it. */
    public String label() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }
}
