package io.srgan.spark.train;

import io.srgan.spark.config.OptimizerPolicy;
import static io.srgan.spark.train.TinyRuns.config;
import static io.srgan.spark.train.TinyRuns.latest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.data.ImagePair;
import io.srgan.core.data.PatchSampler;
import io.srgan.core.data.SamplerState;
import io.srgan.core.train.GanTrainer;
import io.srgan.core.train.LocalTrainingLoop;
import io.srgan.spark.cluster.NativeThreads;
import io.srgan.spark.config.JobConfig;
import io.srgan.spark.testing.LocalSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark rounds against a single-process computation of the same rounds ({@link ReferenceRounds}).
 * With one or two partitions the sums do not depend on the order slices reach their reducers, so
 * the results must be bit-identical.
 */
@ExtendWith(LocalSpark.class)
class RoundAveragingTest {

    @Test
    void onePartitionIsExactlyTheLocalTrainingLoop(JavaSparkContext sc, @TempDir Path dir) throws Exception {
        JobConfig c = config(6, "cluster.partitions=1", "cluster.local-steps=3", "checkpoint.every=6");
        new TrainJob(c, dir.toUri()).run(false);

        GanTrainer local = new GanTrainer(c.train());
        PatchSampler sampler = new PatchSampler(TinyRuns.pairsInShardOrder(c), c.patchSpec(), SamplerState.start(c.train().seed()));
        new LocalTrainingLoop(local, sampler, c.batch(), List.of()).runUntil(6);
        TinyRuns.assertSameState(StateArrays.export(local), latest(dir), TrainJob.ROUND, TrainJob.PARTITIONS);
    }

    @Test
    void averagePolicyMatchesTheSingleProcessRounds(JavaSparkContext sc, @TempDir Path dir) throws Exception {
        check(sc, OptimizerPolicy.AVERAGE, dir);
    }

    @Test
    void keepLocalPolicyMatchesTheSingleProcessRounds(JavaSparkContext sc, @TempDir Path dir) throws Exception {
        check(sc, OptimizerPolicy.KEEP_LOCAL, dir);
    }

    @Test
    void resetPolicyMatchesTheSingleProcessRounds(JavaSparkContext sc, @TempDir Path dir) throws Exception {
        check(sc, OptimizerPolicy.RESET, dir);
    }

    /**
     * 3 rounds of 2 steps on 2 partitions (PSNR phase, then 2 GAN rounds), checkpoint at the end. The
     * reference runs with the tasks' native thread count: oneDNN's sums (e.g. bias gradients) are
     * split by thread, so another count gives other last bits.
     */
    private static void check(JavaSparkContext sc, OptimizerPolicy policy, Path dir) throws Exception {
        JobConfig c = config(6, "train.psnr-steps=2", "cluster.local-steps=2", "checkpoint.every=6",
                "cluster.optimizer-state=" + policy);
        new TrainJob(c, dir.toUri()).run(false);
        StateArrays spark = latest(dir);
        StateArrays reference;
        try (NativeThreads threads = NativeThreads.use(NativeThreads.perTask(sc, 2))) {
            reference = ReferenceRounds.run(c, policy, 2, 2, 3);
        }
        TinyRuns.assertSameState(reference, spark, TrainJob.ROUND, TrainJob.PARTITIONS);
        assertTrue(TinyRuns.maxDiff(reference, StateArrays.export(new GanTrainer(c.train())), "g/") > 0, "G trained");
    }
}
