package io.srgan.spark.config;

import io.srgan.core.util.SettingNames;

/**
 * {@code cluster.lr-scaling}: how the configured learning rates grow with the number of partitions
 * training in parallel (none | sqrt | linear). {@link JobConfig.ClusterSettings#lrScale} applies it;
 * the config loader checks the setting with {@link #parse}.
 */
public enum LrScaling {
    NONE, SQRT, LINEAR;

    public static LrScaling parse(String s) {
        return SettingNames.parse(LrScaling.class, "lr-scaling", s);
    }

    public String label() { return SettingNames.of(this); }

    /** The learning-rate multiplier for {@code partitions} parallel trainers. */
    public double factor(int partitions) {
        return switch (this) {
            case NONE -> 1.0;
            case SQRT -> Math.sqrt(partitions);
            case LINEAR -> partitions;
        };
    }
}
