package io.srgan.spark.io;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Whether a larger or a smaller value of a metric is better (PSNR: larger; a loss: smaller). */
public enum MetricGoal {
    MAXIMIZE,
    MINIMIZE;

    /** The checkpoint with the best value of {@code metric} among those that record it; ties go to the newest. */
    public Optional<Checkpoint> best(List<Checkpoint> checkpoints, String metric) {
        return ranking(checkpoints, metric).stream().filter(c -> c.metric(metric).isPresent()).findFirst();
    }

    /**
     * Every checkpoint in order of preference: those that record {@code metric}, best first (ties: the
     * newest first), then those without it (not validated, or validation failed), newest first.
     */
    public List<Checkpoint> ranking(List<Checkpoint> checkpoints, String metric) {
        Comparator<Checkpoint> byValue = Comparator.comparingDouble(c -> c.metric(metric).getAsDouble());
        if (this == MAXIMIZE) {
            byValue = byValue.reversed();
        }
        Comparator<Checkpoint> newestFirst = Comparator.comparingLong(Checkpoint::step).reversed();
        List<Checkpoint> ranked = new ArrayList<>(checkpoints.stream().filter(c -> c.metric(metric).isPresent())
                .sorted(byValue.thenComparing(newestFirst)).toList());
        checkpoints.stream().filter(c -> c.metric(metric).isEmpty()).sorted(newestFirst).forEach(ranked::add);
        return ranked;
    }
}
