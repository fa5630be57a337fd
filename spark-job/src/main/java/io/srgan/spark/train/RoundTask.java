package io.srgan.spark.train;

import io.srgan.spark.config.OptimizerPolicy;
import io.srgan.core.data.ImagePair;
import io.srgan.core.data.PatchSampler;
import io.srgan.core.degrade.Degradation;
import io.srgan.core.data.SamplerState;
import io.srgan.core.train.GanTrainer;
import io.srgan.core.train.LocalTrainingLoop;
import io.srgan.core.train.TrainState;
import io.srgan.core.util.Finite;
import io.srgan.spark.cluster.NativeThreads;
import io.srgan.spark.config.JobConfig;
import io.srgan.spark.exchange.SliceContribution;
import io.srgan.spark.exchange.SliceLayout;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.CollectionAccumulator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import scala.Tuple2;

/**
 * A partition's share of a round, run in an executor: load the broadcast state into a trainer, take
 * the plan's local steps on patches of this partition's shard, then send the tensors the round
 * exchanges as slices (float32, weighted by the samples trained on) into the sharded average, and
 * the metrics and timings to the driver as a {@link PartitionReport}. Deterministic: the patches
 * depend only on (seed, partition, step). A partition whose losses or tensors are not finite sends
 * no slices, only a report saying so.
 */
final class RoundTask implements Function2<Integer, Iterator<ShardItem>, Iterator<Tuple2<Integer, SliceContribution>>> {
    private static final long serialVersionUID = 1L;

    private final Map<TensorGroup, Broadcast<StateArrays>> state;
    private final RoundPlan plan;
    private final CollectionAccumulator<PartitionReport> reports;

    /**
     * @param state   the round's starting tensors by group (fetched lazily: a partition that keeps its
     *                own moments never fetches the broadcast ones); under reset, no moment groups
     * @param reports where partitions report to the driver
     */
    RoundTask(Map<TensorGroup, Broadcast<StateArrays>> state, RoundPlan plan, CollectionAccumulator<PartitionReport> reports) {
        this.state = state;
        this.plan = plan;
        this.reports = reports;
    }

    @Override
    public Iterator<Tuple2<Integer, SliceContribution>> call(Integer partition, Iterator<ShardItem> shard) {
        List<ImagePair> pairs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        shard.forEachRemaining(item -> {
            if (item.pair() != null) pairs.add(item.pair());
            else skipped.add(item.skipped().toString());
        });
        long t0 = System.nanoTime();
        if (pairs.isEmpty()) {
            reports.add(PartitionReport.empty(partition, executorId(), skipped, seconds(t0)));
            return Collections.emptyIterator();
        }
        TaskSettings run = plan.run();
        JobConfig config = ExecutorTrainers.config(run.configJson());
        GanTrainer trainer = ExecutorTrainers.borrow(run.configJson(), plan.lrScale(), run.perceptualFile());
        boolean lent = false;
        try {
            MetricTotals metrics = new MetricTotals();
            boolean fallback;
            double loadSeconds;
            double computeSeconds;
            try (NativeThreads threads = NativeThreads.use(run.threads())) {
                fallback = load(trainer, partition);
                loadSeconds = seconds(t0);
                long t1 = System.nanoTime();
                PatchSampler sampler = new PatchSampler(pairs, config.patchSpec(),
                        new SamplerState(run.samplerSeed(partition), plan.startStep() * config.batch()),
                        config.degradation() == null ? null : new Degradation(config.degradation()));
                new LocalTrainingLoop(trainer, sampler, config.batch(), List.of(metrics)).runUntil(plan.startStep() + plan.steps());
                computeSeconds = seconds(t1);
                if (run.policy() == OptimizerPolicy.KEEP_LOCAL) {
                    LocalOptimizerStates.put(run.runId(), partition, trainer.step(),
                            StateArrays.export(trainer, TensorGroup::isOptimizerTensor));
                }
            }
            FloatBuffer[] trained = exchanged(trainer);
            String divergence = metrics.firstNonFinite() != null ? metrics.firstNonFinite() : firstNonFinite(trained);
            long samples = (long) plan.steps() * config.batch();
            reports.add(new PartitionReport(partition, executorId(), pairs.size(), skipped, samples, TrainState.counters(trainer),
                    metrics.sums(), metrics.steps(), metrics.last(), loadSeconds, computeSeconds, fallback, divergence));
            if (divergence != null) return Collections.emptyIterator();
            // the slices are read from the trainer's own buffers as the shuffle writer asks for them: no
            // second copy of the state on the heap; the trainer goes back when the task has written them
            TaskContext.get().addTaskCompletionListener(
                    (org.apache.spark.util.TaskCompletionListener) ctx -> ExecutorTrainers.giveBack(run.configJson(), plan.lrScale(), trainer));
            lent = true;
            SliceLayout layout = plan.layout();
            return IntStream.range(0, layout.slices()).mapToObj(s -> new Tuple2<>(s, new SliceContribution(samples,
                    layout.cut(s, (tensor, from, dst, at, n) -> trained[tensor].get(from, dst, at, n))))).iterator();
        } finally {
            if (!lent) ExecutorTrainers.giveBack(run.configJson(), plan.lrScale(), trainer);
        }
    }

    /** The trainer's tensors that the round exchanges, in the layout's order, as views of its native buffers. */
    private FloatBuffer[] exchanged(GanTrainer trainer) {
        Map<String, INDArray> live = TrainState.liveTensors(trainer);
        SliceLayout layout = plan.layout();
        List<String> names = layout.names();
        FloatBuffer[] buffers = new FloatBuffer[names.size()];
        for (int i = 0; i < buffers.length; i++) {
            INDArray a = live.get(names.get(i));
            if (a == null) throw new IllegalStateException("the round exchanges " + names.get(i) + ", which this trainer does not have");
            if (a.length() != layout.size(i)) {
                throw new IllegalStateException(names.get(i) + " has " + a.length() + " values here, " + layout.size(i) + " in the round's layout");
            }
            if (a.isView() || a.ordering() != 'c' || a.dataType() != DataType.FLOAT) {
                throw new IllegalStateException(names.get(i) + " is not a contiguous float32 array"); // parameters and moments always are
            }
            buffers[i] = a.data().asNioFloat();
        }
        return buffers;
    }

    /** "name[i] = value" of the first exchanged value that is not finite, or null. */
    private String firstNonFinite(FloatBuffer[] trained) {
        for (int i = 0; i < trained.length; i++) {
            int j = Finite.firstNonFinite(trained[i]);
            if (j >= 0) return plan.layout().names().get(i) + "[" + j + "] = " + trained[i].get(j);
        }
        return null;
    }

    /** Loads the round's starting state; returns true when keep-local had to fall back to the broadcast moments. */
    private boolean load(GanTrainer trainer, int partition) {
        StateArrays weights = state.get(TensorGroup.GENERATOR).value().overlay(state.get(TensorGroup.DISCRIMINATOR).value());
        Map<String, Long> counters = plan.counters();
        switch (plan.run().policy()) {
            case AVERAGE -> broadcastMoments(weights).withCounters(counters).restoreInto(trainer);
            case RESET -> {
                Map<String, Long> reset = new TreeMap<>(counters);
                reset.put(TrainState.ADAM_G_ITERATION, 0L);
                reset.put(TrainState.ADAM_D_ITERATION, 0L);
                weights.overlay(zeroMoments(trainer)).withCounters(reset).restoreInto(trainer);
            }
            case KEEP_LOCAL -> {
                StateArrays own = LocalOptimizerStates.get(plan.run().runId(), partition, plan.startStep());
                if (own != null) {
                    weights.overlay(own).withCounters(counters).restoreInto(trainer);
                    return false;
                }
                broadcastMoments(weights).withCounters(counters).restoreInto(trainer);
                return plan.localMomentsExpected();
            }
        }
        return false;
    }

    private StateArrays broadcastMoments(StateArrays weights) {
        return weights.overlay(state.get(TensorGroup.GENERATOR_MOMENTS).value())
                .overlay(state.get(TensorGroup.DISCRIMINATOR_MOMENTS).value());
    }

    /** Zero Adam moments shaped like the trainer's. */
    private static StateArrays zeroMoments(GanTrainer trainer) {
        Map<String, long[]> shapes = new TreeMap<>();
        TrainState.liveTensors(trainer).forEach((n, v) -> {
            if (TensorGroup.isOptimizerTensor(n)) shapes.put(n, v.shape());
        });
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
