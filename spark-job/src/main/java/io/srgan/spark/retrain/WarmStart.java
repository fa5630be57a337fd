package io.srgan.spark.retrain;

import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.core.train.TrainConfig;
import io.srgan.core.train.TrainState;
import io.srgan.spark.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The state a fine-tune starts from: the production model's G, D and EMA weights, with the step
 * counter at 0, so that the recipe's schedule (PSNR phase, learning-rate warm-up and decay over
 * {@code train.steps}) runs afresh on the new data. The Adam moments and iteration counts are reset
 * to zero when {@code resetOptimizer} (the default: the production model's moments describe the
 * gradients of its last steps on other data) and kept otherwise. A recipe with an EMA on a production
 * model without one starts the EMA from G's weights.
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

    /** The state to load into a trainer built from {@code recipe}. */
    public static TrainState from(TrainState production, TrainConfig recipe, boolean resetOptimizer) {
        Map<String, INDArray> tensors = new TreeMap<>();
        production.tensors().forEach((name, value) -> {
            if (name.startsWith("g/") || name.startsWith("d/")) {
                tensors.put(name, value);
            } else if (name.startsWith("adam_")) {
                tensors.put(name, resetOptimizer ? Nd4j.zerosLike(value) : value);
            }
        });
        if (recipe.emaDecay() > 0) {
            boolean hasEma = production.hasEma();
            production.tensors().forEach((name, value) -> {
                if (hasEma && name.startsWith("ema/")) {
                    tensors.put(name, value);
                } else if (!hasEma && name.startsWith("g/")) {
                    tensors.put("ema/" + name.substring(2), value.dup());
                }
            });
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put(TrainState.STEP, 0L);
        counters.put(TrainState.ADAM_G_ITERATION, resetOptimizer ? 0 : production.counter(TrainState.ADAM_G_ITERATION));
        counters.put(TrainState.ADAM_D_ITERATION, resetOptimizer ? 0 : production.counter(TrainState.ADAM_D_ITERATION));
        return new TrainState(tensors, counters);
    }
}
