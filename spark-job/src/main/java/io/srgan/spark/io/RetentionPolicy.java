package io.srgan.spark.io;

import java.util.Objects;

/**
 * Which complete checkpoints {@link CheckpointStore#prune} keeps: the newest {@code keepLast}, plus the
 * best by {@code bestMetric} when one is named, plus the pinned steps (e.g. the end of a training
 * phase, whose generator a report compares with the final one).
 *
 * @param keepLast   at least 1: the newest checkpoint is what a resume needs
 * @param bestMetric a metric recorded in manifests (e.g. {@code val_psnr_y}), or null for none
 * @param bestGoal   whether larger or smaller is better; null exactly when {@code bestMetric} is
 */
public record RetentionPolicy(int keepLast, String bestMetric, MetricGoal bestGoal, java.util.Set<Long> pinned) {
    public RetentionPolicy(int keepLast, String bestMetric, MetricGoal bestGoal) {
        this(keepLast, bestMetric, bestGoal, java.util.Set.of());
    }

    public RetentionPolicy {
        pinned = java.util.Set.copyOf(pinned);
        if (keepLast < 1) {
            throw new IllegalArgumentException("retention keepLast must be at least 1 (the newest checkpoint is what a"
                    + " resume needs), got " + keepLast);
        }
        if ((bestMetric == null) != (bestGoal == null)) {
            throw new IllegalArgumentException("retention needs both a best metric and its goal, or neither; got metric "
                    + bestMetric + " and goal " + bestGoal);
        }
        if (bestMetric != null && bestMetric.isBlank()) {
            throw new IllegalArgumentException("retention best metric name is blank");
        }
    }

    public static RetentionPolicy keepLast(int count) {
        return new RetentionPolicy(count, null, null);
    }

    /** This policy, also keeping the checkpoint with the best {@code metric}. */
    public RetentionPolicy andBest(String metric, MetricGoal goal) {
        return new RetentionPolicy(keepLast, Objects.requireNonNull(metric, "metric"), Objects.requireNonNull(goal, "goal"), pinned);
    }

    /** This policy, also keeping the checkpoint of step {@code step} whenever it exists. */
    public RetentionPolicy andPinned(long step) {
        java.util.Set<Long> p = new java.util.HashSet<>(pinned);
        p.add(step);
        return new RetentionPolicy(keepLast, bestMetric, bestGoal, p);
    }
}
