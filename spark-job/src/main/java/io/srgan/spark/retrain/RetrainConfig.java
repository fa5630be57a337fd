package io.srgan.spark.retrain;

import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.models.LeaseSettings;
import java.net.URI;

/**
 * The {@code srgan.retrain} settings (reference.conf documents each).
 *
 * @param baseImages   the original training set, joined to the replay pool; null for none
 * @param keepRejected how many candidates that were not promoted stay in the store
 * @param hadoop       the config's {@code srgan.hadoop} block (client settings, never credentials)
 * @param recipe       the fine-tune's training settings: the rest of the same config
 */
public record RetrainConfig(URI store, URI incoming, boolean includeToday, URI baseImages, int replayImages,
                            URI validationHr, boolean resetOptimizer, int keepRejected, PromotionPolicy policy,
                            LeaseSettings lease, long seed, HadoopSettings hadoop, RecipeSource recipe) {
}
