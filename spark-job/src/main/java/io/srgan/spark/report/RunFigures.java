package io.srgan.spark.report;

import io.srgan.spark.run.MetricsLog;
import io.srgan.spark.run.RoundLine;
import io.srgan.spark.run.RoundMetrics;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** The run's final figures, computed once for summary.json and the HTML summary table. */
final class RunFigures {
    private final MetricsLog log;
    private final List<ValidationPoint> validation;

    RunFigures(MetricsLog log, List<ValidationPoint> validation) {
        this.log = log;
        this.validation = validation;
    }

    Optional<RoundLine> lastRound() {
        return log.rounds().stream().max(Comparator.comparingLong(RoundLine::step));
    }

    /** Per value name, its last finite value (by step): the losses and rates the run ended with. */
    Map<String, Double> lastValues() {
        Map<String, Double> last = new LinkedHashMap<>();
        Map<String, Long> at = new LinkedHashMap<>();
        for (RoundLine r : log.rounds()) {
            r.values().forEach((k, v) -> {
                if (Double.isFinite(v) && r.step() >= at.getOrDefault(k, -1L) && !k.equals(RoundMetrics.TIME)) {
                    last.put(k, v);
                    at.put(k, r.step());
                }
            });
        }
        return last;
    }

    /** Seconds from the first to the last round line's {@code time}. */
    OptionalDouble elapsedSeconds() {
        OptionalDouble first = log.rounds().stream().mapToDouble(r -> r.values().getOrDefault(RoundMetrics.TIME, Double.NaN))
                .filter(Double::isFinite).min();
        OptionalDouble last = log.rounds().stream().mapToDouble(r -> r.values().getOrDefault(RoundMetrics.TIME, Double.NaN))
                .filter(Double::isFinite).max();
        return first.isPresent() ? OptionalDouble.of(last.getAsDouble() - first.getAsDouble()) : OptionalDouble.empty();
    }

    /** The mean of {@code key} over the rounds that have a finite value of it. */
    OptionalDouble mean(String key) {
        return log.rounds().stream().mapToDouble(r -> r.values().getOrDefault(key, Double.NaN)).filter(Double::isFinite).average();
    }

    /** The largest finite value of {@code key} over the rounds. */
    OptionalDouble max(String key) {
        return log.rounds().stream().mapToDouble(r -> r.values().getOrDefault(key, Double.NaN)).filter(Double::isFinite).max();
    }

    /** The largest ratio of the slowest partition's local steps to the median partition's, over the rounds. */
    OptionalDouble maxStragglerRatio() {
        return log.rounds().stream().mapToDouble(r -> r.values().getOrDefault(RoundMetrics.TASK_COMPUTE_MAX_S, Double.NaN)
                / r.values().getOrDefault(RoundMetrics.TASK_COMPUTE_MEDIAN_S, Double.NaN)).filter(Double::isFinite).max();
    }

    Optional<ValidationPoint> lastValidation() {
        return validation.stream().max(Comparator.comparingLong(ValidationPoint::step));
    }

    /** The best validation PSNR; ties go to the later step. */
    Optional<ValidationPoint> bestValidation() {
        return validation.stream().max(Comparator.comparingDouble(ValidationPoint::psnrY).thenComparingLong(ValidationPoint::step));
    }
}
