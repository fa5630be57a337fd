package io.srgan.spark.retrain;

import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.core.train.TrainConfig;
import io.srgan.core.train.TrainState;
import io.srgan.spark.config.ConfigException;
import io.srgan.spark.train.InitialWeights;

/**
 * The state a fine-tune starts from: the production model's G, D and EMA weights, with the step
 * counter at 0, so that the recipe's schedule (PSNR phase, learning-rate warm-up and decay over
 * {@code train.steps}) runs afresh on the new data; see {@link InitialWeights.Start#fineTune}.
 */
public final class WarmStart {
    private WarmStart() {
    }

    /** Fails, naming both, unless the recipe builds the same networks as the production model. */
    public static void checkCompatible(CheckpointMeta production, TrainConfig recipe, String productionName) {
        TrainConfig p = production.config();
        if (!p.generator().equals(recipe.generator()) || !p.discriminator().equals(recipe.discriminator())) {
            throw new ConfigException("the retrain recipe builds generator " + recipe.generator() + " and discriminator "
                    + recipe.discriminator() + ", but production model " + productionName + " has " + p.generator() + " and "
                    + p.discriminator() + "; fine-tuning needs the same networks: set srgan.generator and"
                    + " srgan.discriminator to the production model's");
        }
    }

    /**
     * The state to load into a trainer built from {@code recipe}: {@link InitialWeights} with
     * {@link InitialWeights.Start#fineTune}, the mechanism train.init-from uses as well.
     */
    public static TrainState from(CheckpointMeta productionMeta, TrainState production, TrainConfig recipe, boolean resetOptimizer,
                                  String productionName) {
        // the fresh state's zero moments stay in the result when the optimizer is reset: not closed here
        return InitialWeights.apply(InitialWeights.freshState(recipe), productionMeta, production.tensors(),
                InitialWeights.Start.fineTune(!resetOptimizer), productionName);
    }
}
