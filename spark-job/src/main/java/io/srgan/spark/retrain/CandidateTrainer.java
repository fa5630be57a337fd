package io.srgan.spark.retrain;

import java.io.IOException;

/**
 * The fine-tuning step of a retrain run: from the production model, on new plus replayed images, to
 * a candidate checkpoint. {@link LocalCandidateTrainer} trains in this JVM; a Spark implementation
 * runs the cluster job's rounds on the same recipe.
 */
public interface CandidateTrainer {
    /**
     * Trains a candidate as {@code plan} says and returns its complete checkpoint, in the
     * {@code meta.json} + {@code state.npz} format with the recipe's generator and discriminator.
     */
    TrainedCandidate fineTune(RetrainPlan plan) throws IOException;
}
