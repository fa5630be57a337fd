package io.srgan.spark.upscale;

import io.srgan.core.inference.Bf16Model;
import io.srgan.core.inference.SrModel;
import io.srgan.core.inference.ort.OrtSrModel;

/**
 * The model of this JVM (an executor, or the driver in local mode), built once from the broadcast
 * weights and shared by every task that runs here: the ND4J generator (fp32; bf16: wrapped in a
 * {@link io.srgan.core.inference.Bf16Model}, fp32 with one warning where this CPU has no AVX512_BF16)
 * or an ONNX Runtime session of its int8 model.
 *
 * <p>Sharing is safe because inference only reads the network: a forward pass in
 * {@link io.srgan.core.nn.Mode#INFER} keeps no cache in any layer (batch norm uses its running
 * statistics, read-only) and writes no parameter, so concurrent tasks only read the same parameter
 * arrays; an ONNX Runtime session serves concurrent runs. What is not shareable — ND4J workspaces
 * (thread-local), the pooled input arrays and the strip buffer of
 * {@link io.srgan.core.inference.TiledUpscaler} — each task owns: it builds its own upscaler around
 * the shared model and closes it on its own thread.
 */
final class ExecutorModels {
    private static String loadedId;
    private static SrModel loaded;

    private ExecutorModels() {}

    /**
     * The model for {@code weights}; only the latest is kept, a job uses one.
     *
     * @param threads intra-op threads of an int8 model's session (a task's share of the cores)
     */
    static synchronized SrModel get(ModelWeights weights, int threads) {
        if (!weights.id().equals(loadedId)) {
            // A previous int8 session is left open, not closed: a task of another job in this JVM could still be
            // running it, and closing a session under a run crashes natively. Its native memory (the weights,
            // a few MB) stays until the JVM ends: one per model switch, and an executor serves one job's model.
            loaded = null; // let the previous model's arrays go before building the next
            loaded = weights.int8() != null ? new OrtSrModel(weights.int8().onnx(), weights.scale(), weights.receptiveFieldRadius(),
                            weights.config().inputAlignment(), threads)
                    : weights.bf16() ? Bf16Model.of(weights.build()) : weights.build();
            loadedId = weights.id();
        }
        return loaded;
    }
}
