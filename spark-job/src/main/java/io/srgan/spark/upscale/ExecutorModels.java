package io.srgan.spark.upscale;

import io.srgan.core.arch.Generator;

/**
 * The generator of this JVM (an executor, or the driver in local mode), built once from the
 * broadcast weights and shared by every task that runs here.
 *
 * <p>Sharing is safe because inference only reads the network: a forward pass in
 * {@link io.srgan.core.nn.Mode#INFER} keeps no cache in any layer (batch norm uses its running
 * statistics, read-only) and writes no parameter, so concurrent tasks only read the same parameter
 * arrays. What is not shareable — ND4J workspaces (thread-local), the pooled input arrays and the
 * strip buffer of {@link io.srgan.core.inference.TiledUpscaler} — each task owns: it builds its own
 * upscaler around the shared generator and closes it on its own thread.
 */
final class ExecutorModels {
    private static String loadedId;
    private static Generator loaded;

    private ExecutorModels() {}

    /** The generator for {@code weights}; only the latest model is kept, a job uses one. */
    static synchronized Generator get(ModelWeights weights) {
        if (!weights.id().equals(loadedId)) {
            loaded = null; // let the previous model's arrays go before building the next
            loaded = weights.build();
            loadedId = weights.id();
        }
        return loaded;
    }
}
