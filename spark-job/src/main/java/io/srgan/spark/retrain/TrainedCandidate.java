package io.srgan.spark.retrain;

/**
 * A fine-tune's result.
 *
 * @param checkpoint the candidate's complete checkpoint
 * @param steps      training steps (or rounds) run on top of the production model
 */
public record TrainedCandidate(CheckpointRef checkpoint, long steps) {
}
