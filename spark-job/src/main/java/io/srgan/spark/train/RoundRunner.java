package io.srgan.spark.train;

import io.srgan.spark.config.OptimizerPolicy;
import io.srgan.spark.cluster.HeapUsage;
import io.srgan.spark.exchange.JobTraffic;
import io.srgan.spark.exchange.ShardedAverage;
import io.srgan.spark.exchange.SliceContribution;
import io.srgan.spark.exchange.SliceLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.util.CollectionAccumulator;
import scala.Tuple2;

/**
 * Runs rounds on Spark: broadcast the groups of the state that changed since they were last
 * broadcast, let every partition take its local steps ({@link RoundTask}), average the tensors the
 * round trained in slices across the executors ({@link ShardedAverage}) and assemble the new state
 * from the mean slices ({@link NextState}). One Spark job per round, in its own job group, whose
 * bytes Spark's own task metrics report ({@link JobTraffic}).
 *
 * <p>The round's wall time is split three ways: <b>broadcast</b> = the driver's broadcast calls plus
 * the slowest task's fetch-and-load of the state; <b>compute</b> = the local steps (the partitions'
 * stage less the longest load and shuffle write: the slowest partition's steps when every partition
 * has a slot, several waves of steps when there are more partitions than slots); <b>averaging</b> =
 * everything else (writing and fetching the slices, the reducers, the slices' way to the driver and
 * their assembly, scheduling).
 */
final class RoundRunner implements AutoCloseable {
    /** The most of the exchanged state one reduce task sums by default (float32 bytes; its double sums take twice that). */
    static final long REDUCE_TASK_BYTES = 64L << 20;

    private final JavaSparkContext sc;
    private final TaskSettings run;
    private final int reducers;
    private final int sliceFloats;
    private final StateBroadcasts broadcasts;
    private final JobTraffic traffic = new JobTraffic();
    private final CollectionAccumulator<PartitionReport> reports;
    private final TaskFactory tasks;

    /** Makes a round's partition task: {@link RoundTask} (training), or a stand-in that measures the exchange alone. */
    interface TaskFactory {
        Function2<Integer, Iterator<ShardItem>, Iterator<Tuple2<Integer, SliceContribution>>> task(
                Map<TensorGroup, Broadcast<StateArrays>> state, RoundPlan plan, CollectionAccumulator<PartitionReport> reports);
    }

    /**
     * @param reducers    reduce tasks of the exchange; 0 = one per executor (local mode: per core)
     * @param sliceFloats the largest slice of the exchanged tensors, in floats
     */
    RoundRunner(JavaSparkContext sc, TaskSettings run, int reducers, int sliceFloats) {
        this(sc, run, reducers, sliceFloats, RoundTask::new);
    }

    RoundRunner(JavaSparkContext sc, TaskSettings run, int reducers, int sliceFloats, TaskFactory tasks) {
        this.tasks = tasks;
        this.sc = sc;
        this.run = run;
        this.reducers = reducers;
        this.sliceFloats = sliceFloats;
        this.broadcasts = new StateBroadcasts(sc);
        this.reports = sc.sc().collectionAccumulator("srgan partition reports");
        sc.sc().addSparkListener(traffic);
    }

    /**
     * One round to run.
     *
     * @param ganPhase             whether its steps are in the GAN phase (D trains)
     * @param averageMoments       whether the moments of the networks it trains are averaged
     *                             (average policy; keep-local before a checkpoint)
     * @param localMomentsExpected keep-local: whether partitions should still hold their own moments
     * @param lrFactor             on top of the job's learning-rate scale (halved after divergences)
     */
    record Round(long number, int steps, boolean ganPhase, boolean averageMoments, boolean localMomentsExpected,
                 double lrFactor, String description) {}

    /**
     * What a round produced.
     *
     * @param state      the averaged state, or the state before the round when it diverged
     * @param divergence null, or what was not finite (the round was rolled back)
     */
    record Outcome(StateArrays state, RoundReports reports, List<String> divergence, Exchange exchange, JobTraffic.Totals traffic,
                   double roundSeconds, double computeSeconds, double averagingSeconds, double broadcastSeconds,
                   long driverHeapBytes, long driverHeapPeakBytes) {
        boolean diverged() { return !divergence.isEmpty(); }
    }

    /**
     * How the round's average was cut and what it broadcast.
     *
     * @param floats         floats exchanged per partition (the tensors the round trained)
     * @param broadcastBytes payload of the broadcasts made for this round (groups that changed)
     * @param fetchingExecutors executors that ran the round's tasks (each fetches each new broadcast once)
     */
    record Exchange(long floats, int slices, int reducers, long broadcastBytes, int fetchingExecutors) {}

    Outcome run(TrainingShards shards, StateArrays state, Round r) throws InterruptedException {
        long t0 = System.nanoTime();
        HeapUsage.resetPeak();
        Set<TensorGroup> exchanged = exchanged(r);
        int reduceTasks = reduceTasks(exchangedFloats(state, exchanged));
        SliceLayout layout = layout(state, exchanged, reduceTasks);
        Map<TensorGroup, Broadcast<StateArrays>> parts = broadcasts.forRound(state, needed());
        long broadcastBytes = broadcasts.newBytes();
        double driverBroadcast = seconds(t0);
        RoundPlan plan = new RoundPlan(run, r.number(), r.steps(), withoutRunCounters(state.counters()), exchanged, layout,
                r.localMomentsExpected(), r.lrFactor());
        NextState next = new NextState(layout, state);
        String group = "srgan-" + run.runId() + "-round-" + r.number();
        reports.reset();
        sc.setJobGroup(group, r.description(), false);
        try {
            JavaPairRDD<Integer, SliceContribution> contributions = JavaPairRDD.fromJavaRDD(
                    shards.rdd().mapPartitionsWithIndex(tasks.task(parts, plan, reports), true));
            ShardedAverage.run(contributions, reduceTasks, next);
        } finally {
            sc.clearJobGroup();
        }
        RoundReports rr = RoundReports.of(reports.value());
        JobTraffic.Totals moved = traffic.await(group, Duration.ofSeconds(30));
        if (rr.partitions() != shards.partitions()) {
            throw new IllegalStateException("round " + r.number() + ": " + rr.partitions() + " of " + shards.partitions() + " partitions reported");
        }
        List<String> divergence = new ArrayList<>(rr.divergences());
        if (divergence.isEmpty() && next.nonFinite() != null) divergence.add(next.nonFinite());
        StateArrays result = state;
        if (divergence.isEmpty()) {
            StateArrays mean = next.state(Map.of(), rr.averaged().size(), rr.samples());
            Map<String, Long> counters = new TreeMap<>(state.counters());
            counters.putAll(rr.counters());
            counters.put(TrainJob.ROUND, r.number());
            result = state.overlay(mean).withCounters(counters);
            broadcasts.changed(exchanged);
        }
        long heap = HeapUsage.usedBytes();
        long heapPeak = HeapUsage.peakBytes();
        double round = seconds(t0);
        double broadcast = driverBroadcast + rr.maxLoadSeconds();
        // the partitions' stage less loading and writing slices: the local steps, in as many waves as
        // there are more partitions than task slots (the slowest partition alone when they all fit)
        double compute = Math.max(rr.maxComputeSeconds(), moved.mapStageSeconds() - rr.maxLoadSeconds() - moved.maxShuffleWriteSeconds());
        Exchange exchange = new Exchange(layout.totalFloats(), layout.slices(), reduceTasks, broadcastBytes, rr.executors().size());
        return new Outcome(result, rr, divergence, exchange, moved, round, compute, Math.max(0, round - compute - broadcast), broadcast,
                heap, heapPeak);
    }

    /** The groups a round averages: those it trains, without the moments unless they are averaged this round. */
    private Set<TensorGroup> exchanged(Round r) {
        Set<TensorGroup> groups = EnumSet.copyOf(TensorGroup.trainedIn(r.ganPhase()));
        if (!r.averageMoments()) groups.removeIf(TensorGroup::isMoments);
        return groups;
    }

    /** The groups every task loads from broadcasts: the weights, and the moments unless reset zeroes them. */
    private Set<TensorGroup> needed() {
        Set<TensorGroup> groups = EnumSet.allOf(TensorGroup.class);
        if (run.policy() == OptimizerPolicy.RESET) groups.removeIf(TensorGroup::isMoments);
        return groups;
    }

    private SliceLayout layout(StateArrays state, Set<TensorGroup> exchanged, int reduceTasks) {
        List<String> names = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (int i = 0; i < state.size(); i++) {
            if (TensorGroup.anyContains(exchanged, state.name(i))) {
                names.add(state.name(i));
                sizes.add((long) state.values(i).length);
            }
        }
        return SliceLayout.of(names, sizes.stream().mapToLong(Long::longValue).toArray(), sliceFloats, reduceTasks);
    }

    /**
     * As many reducers as asked; by default one per executor (in local mode, per core: tasks are
     * threads there), and more when each would sum more than {@link #REDUCE_TASK_BYTES} of the state:
     * a reduce task holds its slices' double sums and its float result at once.
     */
    private int reduceTasks(long floats) {
        if (reducers > 0) return reducers;
        int executors = sc.isLocal() ? sc.defaultParallelism() : sc.sc().statusTracker().getExecutorInfos().length - 1; // the list includes the driver
        long bySize = (floats * Float.BYTES + REDUCE_TASK_BYTES - 1) / REDUCE_TASK_BYTES;
        return (int) Math.max(1, Math.max(executors, bySize));
    }

    private static long exchangedFloats(StateArrays state, Set<TensorGroup> exchanged) {
        long n = 0;
        for (int i = 0; i < state.size(); i++) if (TensorGroup.anyContains(exchanged, state.name(i))) n += state.values(i).length;
        return n;
    }

    /** The counters the trainer knows (the job's own, round and partitions, stay on the driver). */
    private static Map<String, Long> withoutRunCounters(Map<String, Long> counters) {
        Map<String, Long> c = new TreeMap<>(counters);
        c.remove(TrainJob.ROUND);
        c.remove(TrainJob.PARTITIONS);
        return c;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    @Override
    public void close() {
        sc.sc().removeSparkListener(traffic);
        broadcasts.close();
    }
}
