package io.srgan.spark.config;

import java.util.Arrays;
import java.util.Locale;

/**
 * {@code cluster.lr-scaling}: how the configured learning rates grow with the number of partitions
 * training in parallel (none | sqrt | linear). {@link JobConfig.ClusterSettings#lrScale} applies it;
 * the config loader checks the setting with {@link #parse}.
 */
public enum LrScaling {
    NONE, SQRT, LINEAR;

    public static LrScaling parse(String s) {
        for (LrScaling l : values()) {
            if (l.label().equals(s)) return l;
        }
        throw new IllegalArgumentException("lr-scaling must be one of " + Arrays.stream(values()).map(LrScaling::label).toList()
                + ", got '" + s + "'");
    }

    public String label() { return name().toLowerCase(Locale.ROOT); }

    /** The learning-rate multiplier for {@code partitions} parallel trainers. */
    public double factor(int partitions) {
        return switch (this) {
            case NONE -> 1.0;
            case SQRT -> Math.sqrt(partitions);
            case LINEAR -> partitions;
        };
    }
}
