package io.srgan.core.nn;

/** How a forward pass runs. */
public enum Mode {
    /** Inference: batch-norm uses running statistics; nothing is kept for a backward pass. */
    INFER,
    /** Training forward whose backward will follow: caches inputs, updates batch-norm running statistics. */
    TRAIN,
    /** Training-mode numerics (batch statistics) without caching, for values that need no gradient. */
    TRAIN_NO_GRAD;

    boolean cache() { return this == TRAIN; }
    boolean batchStatistics() { return this != INFER; }
}
