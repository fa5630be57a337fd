package io.srgan.core.nn;

/** How a forward pass runs. */
public enum Mode {
    /** Inference: batch-norm uses running statistics; nothing is kept for a backward pass. */
    INFER,
    /** Training forward whose backward will follow: caches inputs, updates batch-norm running statistics. */
    TRAIN,
    /**
     * A training forward whose backward needs only the input gradient (the discriminator inside the
     * generator's step): parameters get no gradients, which lets convolutions skip their weight
     * gradients; batch-norm running statistics are not updated.
     */
    TRAIN_INPUT_GRAD,
    /**
     * Training-mode numerics (batch statistics) without caching, for values that need no gradient
     * (the discriminator's real pass in the generator's step); a planned network keeps its maps blocked here too.
     */
    TRAIN_NO_GRAD;

    public boolean cache() { return this == TRAIN || this == TRAIN_INPUT_GRAD; }
    /** Whether a network {@link BlockedPlan} planned keeps its maps blocked: in training forwards; inference stays NHWC. */
    boolean keepsPlannedLayout() { return this != INFER; }
    boolean batchStatistics() { return this != INFER; }
    boolean paramGradients() { return this == TRAIN; }
    boolean updatesRunningStatistics() { return this == TRAIN; }
}
