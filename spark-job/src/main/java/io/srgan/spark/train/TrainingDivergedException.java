package io.srgan.spark.train;

/** A run stopped because training diverged (non-finite losses or weights); nothing diverged was averaged or checkpointed. */
public final class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
