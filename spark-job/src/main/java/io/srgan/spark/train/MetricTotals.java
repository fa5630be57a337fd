package io.srgan.spark.train;

import io.srgan.core.train.GanTrainer;
import io.srgan.core.train.StepMetrics;
import io.srgan.core.train.TrainingListener;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Sums a partition's step metrics over a round, keeps the last step's, and notes the first value that is not finite. */
final class MetricTotals implements TrainingListener {
    private final TreeMap<String, Double> sums = new TreeMap<>();
    private final TreeMap<String, Long> steps = new TreeMap<>();
    private Map<String, Double> last = Map.of();
    private String firstNonFinite;

    @Override
    public void onStep(GanTrainer trainer, long step, StepMetrics metrics) {
        metrics.values().forEach((k, v) -> {
            sums.merge(k, v, Double::sum);
            steps.merge(k, 1L, Long::sum);
            if (firstNonFinite == null && !Double.isFinite(v)) firstNonFinite = "loss " + k + " = " + v + " at step " + step;
        });
        last = metrics.values();
    }

    Map<String, Double> sums() { return sums; }
    Map<String, Long> steps() { return steps; }
    Map<String, Double> last() { return new HashMap<>(last); }
    /** The first non-finite metric, as "loss name = value at step n", or null. */
    String firstNonFinite() { return firstNonFinite; }
}
