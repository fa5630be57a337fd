package io.srgan.spark.retrain;

import io.srgan.spark.io.HadoopSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * What a fine-tune is asked to do.
 *
 * @param runId          the retrain run's id
 * @param production     the production model to start from (complete checkpoint in the model store)
 * @param newImages      the images that arrived since the last run
 * @param replayImages   a seeded sample of older images, mixed in against forgetting
 * @param recipe         the training settings ({@code srgan.*} of the retrain config)
 * @param resetOptimizer start with fresh Adam moments and counts (true) or keep the production model's
 * @param runFolder      the trainer's run folder, {@code STORE/runs/<run-id>/} (manifest, config, metrics,
 *                       checkpoints; the checkpoints are deleted once the candidate is a model)
 * @param settings       Hadoop client settings for every URI above
 */
public record RetrainPlan(String runId, CheckpointRef production, List<ImageRef> newImages, List<ImageRef> replayImages,
                          RecipeSource recipe, boolean resetOptimizer, URI runFolder, HadoopSettings settings) {
    public RetrainPlan {
        newImages = List.copyOf(newImages);
        replayImages = List.copyOf(replayImages);
    }

    /** New images first, then the replay sample. */
    public List<ImageRef> allImages() {
        List<ImageRef> all = new ArrayList<>(newImages);
        all.addAll(replayImages);
        return all;
    }
}
