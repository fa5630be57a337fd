package io.srgan.core.train;

/**
 * Hooks on the local training loop (DJL's TrainingListener idea): logging, validation and
 * checkpointing hang here instead of on {@code if (step % n == 0)} piles inside the loop.
 */
public interface TrainingListener {
    /** After each step; {@code step} is the number of steps done so far (1-based). */
    default void onStep(GanTrainer trainer, long step, StepMetrics metrics) {}

    /** Once, after the last step. */
    default void onEnd(GanTrainer trainer) {}
}
