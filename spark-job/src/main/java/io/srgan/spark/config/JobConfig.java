package io.srgan.spark.config;

import io.srgan.core.data.PatchSpec;
import io.srgan.core.degrade.DegradationSettings;
import io.srgan.core.train.TrainConfig;
import io.srgan.spark.io.HadoopSettings;

/**
 * A resolved, validated training run: the core training settings plus where the data, validation
 * images and outputs are, how the rounds run, and how often to log, validate and checkpoint.
 *
 * @param trainHr      HR folder (URI or local path), or null when a manifest lists the pairs
 * @param trainLr      LR folder, or null to make LR from HR by MATLAB bicubic
 * @param trainManifest pair manifest, or null
 * @param validationHr validation HR folder, or null for none
 * @param validationPrecision the arithmetic validation runs in: fp32, or bf16 ({@link io.srgan.core.inference.Bf16Model})
 * @param init         where the weights of a fine-tune start from, or null for a run from scratch
 * @param degradation  how LR patches are made from HR patches on the executors, or null for the pairs' LR
 * @param rendered     the whole resolved configuration as JSON (what executors rebuild it from)
 */
public record JobConfig(TrainConfig train, String output, String trainHr, String trainLr, String trainManifest,
                        long steps, int batch, int lrPatch, boolean augment, String validationHr, long validationEvery,
                        io.srgan.core.inference.Precision validationPrecision,
                        long checkpointEvery, int keepLast, boolean autoResume, ClusterSettings cluster,
                        Divergence divergence, HadoopSettings hadoop, long logEvery, InitFrom init, DegradationSettings degradation,
                        String rendered) {

    /** The patches the trainer draws. */
    public PatchSpec patchSpec() {
        int s = train.generator().scale();
        return augment ? PatchSpec.augmented(s, lrPatch) : new PatchSpec(s, lrPatch, false, false, false);
    }

    /**
     * How the data-parallel rounds run.
     *
     * @param partitions     number of shards (0: Spark's default parallelism)
     * @param localSteps     steps per partition between averagings
     * @param optimizerState average | keep-local | reset ({@code io.srgan.spark.config.OptimizerPolicy})
     * @param reducers       tasks averaging the exchanged slices (0: one per executor)
     * @param sliceBytes     the largest slice of the exchanged state
     * @param reshuffleEvery rounds between re-assignments of the images to partitions (0: never)
     * @param lrScaling      none | sqrt | linear ({@link LrScaling})
     */
    public record ClusterSettings(int partitions, int localSteps, String optimizerState, int reducers, long sliceBytes,
                                  int reshuffleEvery, String lrScaling) {
        /** The largest slice in floats (at least one). */
        public int sliceFloats() {
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE - 8, sliceBytes / Float.BYTES));
        }

        /** The learning-rate multiplier for {@code partitions} parallel trainers ({@link LrScaling}). */
        public double lrScale(int partitions) {
            return LrScaling.parse(lrScaling).factor(partitions);
        }
    }

    /**
     * What a diverged round (non-finite losses or weights) leads to, after it is rolled back.
     *
     * @param policy stop | skip-round | halve-lr ({@code io.srgan.spark.config.DivergenceAction})
     * @param limit  rolled-back rounds allowed in a run before it stops anyway
     */
    public record Divergence(String policy, int limit) {}

    /**
     * {@code train.init-from} and its options.
     *
     * @param source        checkpoint or run folder (URI or local path)
     * @param checkpoint    auto | latest | best-psnr, for a run folder ({@code io.srgan.spark.run.CheckpointChoice})
     * @param discriminator also start D from it
     */
    public record InitFrom(String source, String checkpoint, boolean discriminator) {}
}
