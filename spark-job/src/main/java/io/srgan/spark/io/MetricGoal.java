package io.srgan.spark.io;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Whether a larger or a smaller value of a metric is better (PSNR: larger; a loss: smaller). */
public enum MetricGoal {
    MAXIMIZE,
    MINIMIZE;

    /** The checkpoint with the best value of {@code metric} among those that record it; ties go to the newest. */
    public Optional<Checkpoint> best(List<Checkpoint> checkpoints, String metric) {
        Comparator<Checkpoint> byValue = Comparator.comparingDouble(c -> c.metric(metric).getAsDouble());
        if (this == MINIMIZE) {
            byValue = byValue.reversed();
        }
        return checkpoints.stream()
                .filter(c -> c.metric(metric).isPresent())
                .max(byValue.thenComparingLong(Checkpoint::round));
    }
}
