package io.srgan.core.train;

import java.util.Arrays;

/**
 * A learning-rate multiplier as a function of the optimizer step (0-based), applied to the base
 * learning rate. Pure functions of the step, so resumed runs see the same rates.
 */
@FunctionalInterface
public interface LrSchedule {
    double factor(long step);

    static LrSchedule constant() { return step -> 1.0; }

    /** ×gamma at each milestone (BasicSR's MultiStepLR). */
    static LrSchedule multiStep(long[] milestones, double gamma) {
        long[] sorted = milestones.clone();
        Arrays.sort(sorted);
        return step -> {
            int passed = 0;
            for (long m : sorted) if (step >= m) passed++;
            return Math.pow(gamma, passed);
        };
    }

    /** Cosine annealing from 1 to minFactor over totalSteps, then flat at minFactor. */
    static LrSchedule cosine(long totalSteps, double minFactor) {
        if (totalSteps <= 0) throw new IllegalArgumentException("cosine schedule needs total steps > 0, got " + totalSteps);
        return step -> {
            double t = Math.min(1.0, (double) step / totalSteps);
            return minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * t));
        };
    }

    /** Linear warm-up from 1/warmupSteps to 1 over the first warmupSteps steps, then {@code after}. */
    default LrSchedule withWarmup(long warmupSteps) {
        return withWarmupFrom(0, warmupSteps);
    }

    /** Linear warm-up from 1/warmupSteps to 1 over the steps [start, start + warmupSteps), times this schedule. */
    default LrSchedule withWarmupFrom(long start, long warmupSteps) {
        if (warmupSteps <= 0) return this;
        LrSchedule after = this;
        return step -> step >= start && step < start + warmupSteps
                ? (step - start + 1.0) / warmupSteps * after.factor(step) : after.factor(step);
    }
}
