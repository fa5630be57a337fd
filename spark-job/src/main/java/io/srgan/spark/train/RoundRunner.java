package io.srgan.spark.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Runs rounds on Spark: broadcast the state, let every partition take its local steps
 * ({@link RoundTask}), sum the results up a tree ({@link StateAverage}) and average them.
 *
 * <p>The round's wall time is split three ways: <b>broadcast</b> = the driver's broadcast call plus
 * the slowest task's fetch-and-load of the state; <b>compute</b> = the slowest task's local steps;
 * <b>averaging</b> = everything else (scheduling, sending results, the tree sums, the division).
 */
final class RoundRunner {
    private final JavaSparkContext sc;
    private final TrainingShards shards;
    private final OptimizerPolicy policy;
    private final int treeDepth;
    /** keep-local: the last averaged moments, broadcast once and fetched only by a partition that lost its own. */
    private Broadcast<StateArrays> keptMoments;

    RoundRunner(JavaSparkContext sc, TrainingShards shards, OptimizerPolicy policy, int treeDepth) {
        this.sc = sc;
        this.shards = shards;
        this.policy = policy;
        this.treeDepth = treeDepth;
    }

    /** What a round produced: the new state and how the time went. */
    record Outcome(StateArrays state, StateAverage sums, double roundSeconds, double computeSeconds,
                   double averagingSeconds, double broadcastSeconds) {}

    Outcome run(StateArrays state, RoundPlan plan, String description) {
        long t0 = System.nanoTime();
        Broadcast<StateArrays> weights = sc.broadcast(state.select(n -> !OptimizerPolicy.isOptimizerTensor(n)));
        Broadcast<StateArrays> moments = switch (policy) {
            case AVERAGE -> sc.broadcast(state.select(OptimizerPolicy::isOptimizerTensor));
            case KEEP_LOCAL -> keptMoments != null ? keptMoments
                    : (keptMoments = sc.broadcast(state.select(OptimizerPolicy::isOptimizerTensor)));
            case RESET -> null;
        };
        double driverBroadcast = seconds(t0);
        StateAverage sums;
        try {
            sc.setJobDescription(description);
            sums = shards.rdd().mapPartitionsWithIndex(new RoundTask(weights, moments, plan), true)
                    .treeAggregate(new StateAverage(), StateAverage::add, StateAverage::merge, treeDepth);
        } finally {
            weights.destroy();
            if (policy == OptimizerPolicy.AVERAGE) moments.destroy();
        }
        StateArrays mean = sums.average();
        StateArrays averaged = state.overlay(mean).withCounters(withRound(mean.counters(), plan.round()));
        if (policy == OptimizerPolicy.KEEP_LOCAL && plan.collectOptimizer()) {
            keptMoments.destroy();
            keptMoments = null; // the next round broadcasts the new mean
        }
        double round = seconds(t0);
        double broadcast = driverBroadcast + sums.maxBroadcastSeconds();
        double compute = sums.maxComputeSeconds();
        return new Outcome(averaged, sums, round, compute, Math.max(0, round - compute - broadcast), broadcast);
    }

    private static java.util.Map<String, Long> withRound(java.util.Map<String, Long> counters, long round) {
        java.util.Map<String, Long> c = new java.util.TreeMap<>(counters);
        c.put(TrainJob.ROUND, round);
        return c;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
