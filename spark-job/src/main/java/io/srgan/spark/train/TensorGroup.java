package io.srgan.spark.train;

import io.srgan.core.train.TrainState;
import java.util.EnumSet;
import java.util.Set;

/**
 * The parts of a training state that change together, and so travel together: a round moves a
 * group (broadcast down, averaged up) only when it trains it. In the PSNR phase D and its moments
 * do not train: they are broadcast once and never sent back until the GAN phase.
 */
enum TensorGroup {
    /** G's weights and buffers with its EMA. */
    GENERATOR(TrainState.G, TrainState.EMA),
    DISCRIMINATOR(TrainState.D),
    GENERATOR_MOMENTS(TrainState.ADAM_G),
    DISCRIMINATOR_MOMENTS(TrainState.ADAM_D);

    private final String[] prefixes;

    TensorGroup(String... prefixes) {
        this.prefixes = prefixes;
    }

    boolean contains(String tensor) {
        for (String p : prefixes) if (tensor.startsWith(p)) return true;
        return false;
    }

    boolean isMoments() {
        return this == GENERATOR_MOMENTS || this == DISCRIMINATOR_MOMENTS;
    }

    /** Whether {@code name} is an optimizer moment (Adam's m or v), which the optimizer-state policy treats apart. */
    static boolean isOptimizerTensor(String name) {
        return of(name).isMoments();
    }

    static TensorGroup of(String tensor) {
        for (TensorGroup g : values()) if (g.contains(tensor)) return g;
        throw new IllegalArgumentException("tensor '" + tensor + "' belongs to no group of the training state");
    }

    /** The groups a round's local steps change: G (and its EMA) and its moments; D and its moments too in the GAN phase. */
    static Set<TensorGroup> trainedIn(boolean ganPhase) {
        return ganPhase ? EnumSet.allOf(TensorGroup.class) : EnumSet.of(GENERATOR, GENERATOR_MOMENTS);
    }

    static boolean anyContains(Set<TensorGroup> groups, String tensor) {
        for (TensorGroup g : groups) if (g.contains(tensor)) return true;
        return false;
    }
}
