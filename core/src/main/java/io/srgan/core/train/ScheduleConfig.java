package io.srgan.core.train;

import java.util.List;

/**
 * Learning-rate schedule settings shared by G and D.
 *
 * @param kind        constant | multistep | cosine
 * @param totalSteps  cosine: steps to anneal over
 * @param minFactor   cosine: final factor (e.g. 1e-7 / 2e-4)
 * @param milestones  multistep: steps where the rate is multiplied by gamma
 * @param gamma       multistep factor
 * @param warmupSteps linear warm-up from step 0 (0 = none)
 * @param ganWarmupSteps linear warm-up of both networks from the first step of the GAN phase (0 = none):
 *                    the step-0 warm-up is long over when a PSNR phase ends, and a freshly started
 *                    adversarial game at a large (e.g. linearly scaled) rate is where training breaks
 */
public record ScheduleConfig(String kind, long totalSteps, double minFactor, long[] milestones, double gamma, long warmupSteps,
                             long ganWarmupSteps) {
    public static final List<String> KINDS = List.of("constant", "multistep", "cosine");

    public ScheduleConfig {
        requireKind(kind);
        if (kind.equals("cosine") && totalSteps <= 0) throw new IllegalArgumentException("cosine schedule needs total steps > 0");
        if (warmupSteps < 0) throw new IllegalArgumentException("warm-up steps must be ≥ 0, got " + warmupSteps);
        if (ganWarmupSteps < 0) throw new IllegalArgumentException("GAN warm-up steps must be ≥ 0, got " + ganWarmupSteps);
        milestones = milestones == null ? new long[0] : milestones.clone();
    }

    /** Throws, naming {@link #KINDS}, unless {@code kind} is one of them. */
    public static String requireKind(String kind) {
        if (!KINDS.contains(kind)) throw new IllegalArgumentException("schedule must be one of " + KINDS + ", got '" + kind + "'");
        return kind;
    }

    public static ScheduleConfig constant() { return new ScheduleConfig("constant", 0, 1, null, 1, 0, 0); }

    public static ScheduleConfig cosine(long totalSteps, double minFactor) {
        return new ScheduleConfig("cosine", totalSteps, minFactor, null, 1, 0, 0);
    }

    /** The multiplier as a function of the step, for a run whose GAN phase starts at step {@code ganStart}. */
    public LrSchedule build(long ganStart) {
        LrSchedule base = switch (kind) {
            case "constant" -> LrSchedule.constant();
            case "multistep" -> LrSchedule.multiStep(milestones, gamma);
            case "cosine" -> LrSchedule.cosine(totalSteps, minFactor);
            default -> throw new IllegalStateException(kind);
        };
        return base.withWarmup(warmupSteps).withWarmupFrom(ganStart, ganWarmupSteps);
    }
}
