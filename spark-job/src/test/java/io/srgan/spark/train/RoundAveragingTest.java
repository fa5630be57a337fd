package io.srgan.spark.train;

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
 * The Spark rounds against a single-process computation of the same rounds, written out here
 * independently: one trainer per shard, the same patches, the sample-weighted mean in double. With
 * one or two partitions the sums do not depend on merge order, so the results must be bit-identical.
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
            reference = referenceRounds(c, policy, 2, 2, 3);
        }
        TinyRuns.assertSameState(reference, spark, TrainJob.ROUND, TrainJob.PARTITIONS);
        assertTrue(TinyRuns.maxDiff(reference, StateArrays.export(new GanTrainer(c.train())), "g/") > 0, "G trained");
    }

    /** The rounds computed in this JVM without Spark. */
    private static StateArrays referenceRounds(JobConfig c, OptimizerPolicy policy, int partitions, int k, int rounds)
            throws Exception {
        List<ImagePair> all = TinyRuns.pairsInShardOrder(c);
        GanTrainer[] trainers = new GanTrainer[partitions];
        StateArrays[] ownMoments = new StateArrays[partitions];
        StateArrays state = StateArrays.export(new GanTrainer(c.train()));
        for (int r = 0; r < rounds; r++) {
            long start = (long) r * k;
            double[][] sums = null;
            StateArrays[] results = new StateArrays[partitions];
            for (int p = 0; p < partitions; p++) {
                if (trainers[p] == null) trainers[p] = new GanTrainer(c.train());
                GanTrainer t = trainers[p];
                state.restoreInto(t);
                if (policy == OptimizerPolicy.RESET) {
                    t.adamG().firstMoments().values().forEach(a -> a.assign(0));
                    t.adamG().secondMoments().values().forEach(a -> a.assign(0));
                    t.adamD().firstMoments().values().forEach(a -> a.assign(0));
                    t.adamD().secondMoments().values().forEach(a -> a.assign(0));
                    t.adamG().setIteration(0);
                    t.adamD().setIteration(0);
                } else if (policy == OptimizerPolicy.KEEP_LOCAL && ownMoments[p] != null) {
                    state.overlay(ownMoments[p]).restoreInto(t);
                }
                int n = all.size();
                List<ImagePair> shard = all.subList(p * n / partitions, (p + 1) * n / partitions);
                PatchSampler sampler = new PatchSampler(shard, c.patchSpec(), new SamplerState(c.train().seed() + p, start * c.batch()));
                new LocalTrainingLoop(t, sampler, c.batch(), List.of()).runUntil(start + k);
                results[p] = StateArrays.export(t);
                ownMoments[p] = results[p].select(OptimizerPolicy::isOptimizerTensor);
            }
            boolean lastRound = r == rounds - 1;
            boolean averageMoments = policy == OptimizerPolicy.AVERAGE || (policy == OptimizerPolicy.KEEP_LOCAL && lastRound);
            double w = (double) k * c.batch();
            float[][] mean = new float[results[0].size()][];
            for (int i = 0; i < results[0].size(); i++) {
                float[] a = results[0].values(i);
                float[] b = results[1].values(i);
                float[] m = new float[a.length];
                for (int j = 0; j < a.length; j++) m[j] = (float) ((w * a[j] + w * b[j]) / (2 * w));
                mean[i] = m;
            }
            String[] names = TinyRuns.names(results[0]).toArray(String[]::new);
            long[][] shapes = new long[names.length][];
            for (int i = 0; i < names.length; i++) shapes[i] = results[0].shape(i);
            StateArrays averaged = new StateArrays(names, shapes, mean, results[0].counters());
            state = state.overlay(averageMoments ? averaged : averaged.select(n -> !OptimizerPolicy.isOptimizerTensor(n)))
                    .withCounters(results[0].counters());
        }
        assertEquals((long) rounds * k, state.counter("step"));
        return state;
    }
}
