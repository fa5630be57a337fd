package io.srgan.spark.train;

import io.srgan.spark.config.OptimizerPolicy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.srgan.core.data.ImagePair;
import io.srgan.core.data.PatchSampler;
import io.srgan.core.data.SamplerState;
import io.srgan.core.train.GanTrainer;
import io.srgan.core.train.LocalTrainingLoop;
import io.srgan.spark.config.JobConfig;
import java.util.List;

/**
 * The job's rounds computed in one JVM without Spark, written out here independently of the job's
 * code: one trainer per shard, the same patches, then the sample-weighted mean of every tensor,
 * summed in double in partition order and rounded to float.
 */
final class ReferenceRounds {
    private ReferenceRounds() {}

    static StateArrays run(JobConfig c, OptimizerPolicy policy, int partitions, int k, int rounds) throws Exception {
        List<ImagePair> all = TinyRuns.pairsInShardOrder(c);
        GanTrainer[] trainers = new GanTrainer[partitions];
        StateArrays[] ownMoments = new StateArrays[partitions];
        StateArrays state = StateArrays.export(new GanTrainer(c.train()));
        for (int r = 0; r < rounds; r++) {
            long start = (long) r * k;
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
                ownMoments[p] = results[p].select(TensorGroup::isOptimizerTensor);
            }
            boolean lastRound = r == rounds - 1;
            boolean averageMoments = policy == OptimizerPolicy.AVERAGE || (policy == OptimizerPolicy.KEEP_LOCAL && lastRound);
            double w = (double) k * c.batch();
            float[][] mean = new float[results[0].size()][];
            for (int i = 0; i < results[0].size(); i++) {
                double[] sum = new double[results[0].values(i).length];
                for (StateArrays result : results) {
                    float[] v = result.values(i);
                    for (int j = 0; j < sum.length; j++) sum[j] += w * v[j];
                }
                float[] m = new float[sum.length];
                for (int j = 0; j < m.length; j++) m[j] = (float) (sum[j] / (partitions * w));
                mean[i] = m;
            }
            String[] names = TinyRuns.names(results[0]).toArray(String[]::new);
            long[][] shapes = new long[names.length][];
            for (int i = 0; i < names.length; i++) shapes[i] = results[0].shape(i);
            StateArrays averaged = new StateArrays(names, shapes, mean, results[0].counters());
            state = state.overlay(averageMoments ? averaged : averaged.select(n -> !TensorGroup.isOptimizerTensor(n)))
                    .withCounters(results[0].counters());
        }
        assertEquals((long) rounds * k, state.counter("step"));
        return state;
    }
}
