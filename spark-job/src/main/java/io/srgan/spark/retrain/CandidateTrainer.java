package io.srgan.spark.retrain;

import java.io.IOException;

/**
 * The fine-tuning step of a retrain run: from the production model, on new plus replayed images, to
 * a candidate checkpoint. {@link SparkCandidateTrainer} runs the training job's rounds on the recipe;
 * tests and other schedulers may plug in their own.
 */
public interface CandidateTrainer {
    /**
     * Trains a candidate as {@code plan} says and returns its complete checkpoint, in the
     * {@code meta.json} + {@code state.npz} format with the recipe's generator and discriminator.
     */
    TrainedCandidate fineTune(RetrainPlan plan) throws IOException;
}
