package io.srgan.spark.train;

import io.srgan.core.data.ImageBatches;
import io.srgan.core.data.ImagePair;
import io.srgan.core.data.PatchBatch;
import io.srgan.core.data.PatchSampler;
import io.srgan.core.data.SamplerState;
import io.srgan.core.train.GanTrainer;
import io.srgan.core.train.StepMetrics;
import io.srgan.core.train.TrainState;
import io.srgan.spark.cluster.NativeThreads;
import io.srgan.spark.config.JobConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A partition's share of a round, run in an executor: load the broadcast state into a trainer, take
 * the plan's local steps on patches of this partition's shard, send back the trained state with the
 * round's metrics and timings. Deterministic: the patches depend only on (seed, partition, step).
 */
final class RoundTask implements Function2<Integer, Iterator<ShardItem>, Iterator<PartitionResult>> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<StateArrays> weights;
    private final Broadcast<StateArrays> moments;
    private final RoundPlan plan;

    /**
     * @param weights G, D and EMA tensors with the counters, new every round
     * @param moments the averaged Adam moments: new every round under the average policy; under
     *                keep-local renewed only when a checkpoint round averaged them, and fetched only
     *                by a partition that lost its own; null under reset
     */
    RoundTask(Broadcast<StateArrays> weights, Broadcast<StateArrays> moments, RoundPlan plan) {
        this.weights = weights;
        this.moments = moments;
        this.plan = plan;
    }

    @Override
    public Iterator<PartitionResult> call(Integer partition, Iterator<ShardItem> shard) {
        List<ImagePair> pairs = new ArrayList<>();
        shard.forEachRemaining(item -> {
            if (item.pair() != null) pairs.add(item.pair());
        });
        long t0 = System.nanoTime();
        StateArrays start = weights.value();
        if (pairs.isEmpty()) return List.of(PartitionResult.empty(partition, executorId(), seconds(t0))).iterator();
        JobConfig config = ExecutorTrainers.config(plan.configJson());
        GanTrainer trainer = ExecutorTrainers.borrow(plan.configJson(), plan.lrScale(), plan.perceptualFile());
        try (NativeThreads threads = NativeThreads.use(plan.threads())) {
            boolean fallback = load(trainer, start, partition);
            double broadcastSeconds = seconds(t0);
            long t1 = System.nanoTime();
            PatchSampler sampler = new PatchSampler(pairs, config.patchSpec(),
                    new SamplerState(plan.samplerSeed(partition), plan.startStep() * config.batch()));
            Map<String, Double> sums = new TreeMap<>();
            Map<String, Long> counts = new TreeMap<>();
            Map<String, Double> last = Map.of();
            int b = config.batch();
            int p = config.lrPatch();
            int hp = p * config.train().generator().scale();
            for (int i = 0; i < plan.steps(); i++) {
                PatchBatch batch = sampler.next(b);
                StepMetrics m;
                try (INDArray lr = ImageBatches.toBatch(batch.lr(), b, p, p, 3);
                     INDArray hr = ImageBatches.toBatch(batch.hr(), b, hp, hp, 3)) {
                    m = trainer.step(lr, hr);
                }
                m.values().forEach((k, v) -> {
                    sums.merge(k, v, Double::sum);
                    counts.merge(k, 1L, Long::sum);
                });
                last = m.values();
            }
            double computeSeconds = seconds(t1);
            StateArrays trained = StateArrays.export(trainer);
            if (plan.policy() == OptimizerPolicy.KEEP_LOCAL) {
                LocalOptimizerStates.put(plan.runId(), partition, trainer.step(),
                        trained.select(OptimizerPolicy::isOptimizerTensor));
            }
            StateArrays sent = plan.collectOptimizer() ? trained : trained.select(n -> !OptimizerPolicy.isOptimizerTensor(n));
            return List.of(new PartitionResult(partition, executorId(), (long) plan.steps() * b, sent, sums, counts, new HashMap<>(last),
                    computeSeconds, broadcastSeconds, fallback)).iterator();
        } finally {
            ExecutorTrainers.giveBack(plan.configJson(), plan.lrScale(), trainer);
        }
    }

    /** Loads the round's starting state; returns true when keep-local had to fall back to the broadcast moments. */
    private boolean load(GanTrainer trainer, StateArrays start, int partition) {
        switch (plan.policy()) {
            case AVERAGE -> start.overlay(moments.value()).restoreInto(trainer);
            case RESET -> {
                Map<String, Long> counters = new TreeMap<>(start.counters());
                counters.put(TrainState.ADAM_G_ITERATION, 0L);
                counters.put(TrainState.ADAM_D_ITERATION, 0L);
                start.overlay(zeroMoments(trainer)).withCounters(counters).restoreInto(trainer);
            }
            case KEEP_LOCAL -> {
                StateArrays own = LocalOptimizerStates.get(plan.runId(), partition, plan.startStep());
                if (own != null) {
                    start.overlay(own).restoreInto(trainer);
                    return false;
                }
                start.overlay(moments.value()).restoreInto(trainer);
                return plan.localMomentsExpected();
            }
        }
        return false;
    }

    /** Zero Adam moments shaped like the trainer's (named as {@link TrainState} names them). */
    private static StateArrays zeroMoments(GanTrainer trainer) {
        Map<String, long[]> shapes = new TreeMap<>();
        trainer.adamG().firstMoments().forEach((n, v) -> shapes.put("adam_g/m/" + n, v.shape()));
        trainer.adamG().secondMoments().forEach((n, v) -> shapes.put("adam_g/v/" + n, v.shape()));
        trainer.adamD().firstMoments().forEach((n, v) -> shapes.put("adam_d/m/" + n, v.shape()));
        trainer.adamD().secondMoments().forEach((n, v) -> shapes.put("adam_d/v/" + n, v.shape()));
        String[] names = shapes.keySet().toArray(String[]::new);
        long[][] sh = new long[names.length][];
        float[][] zeros = new float[names.length][];
        for (int i = 0; i < names.length; i++) {
            sh[i] = shapes.get(names[i]);
            zeros[i] = new float[(int) java.util.Arrays.stream(sh[i]).reduce(1, (x, y) -> x * y)];
        }
        return new StateArrays(names, sh, zeros, Map.of());
    }

    private static String executorId() {
        org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
        return env == null ? "unknown" : env.executorId();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
