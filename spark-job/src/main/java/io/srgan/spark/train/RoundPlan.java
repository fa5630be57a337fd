package io.srgan.spark.train;

import io.srgan.spark.exchange.SliceLayout;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What every partition does in one round: {@code steps} local steps from the state's counters,
 * then it sends back the tensors of the {@code exchanged} groups, cut as {@code layout} says.
 *
 * @param counters             the state's counters at the start of the round (step, optimizer iterations)
 * @param exchanged            the groups averaged after the round: what it trains, less the moments
 *                             unless the optimizer policy averages them this round
 * @param localMomentsExpected keep-local: whether partitions should hold moments from the previous round
 * @param lrFactor             multiplies the learning rates on top of the job's scale (halved after a divergence)
 */
record RoundPlan(TaskSettings run, long round, int steps, Map<String, Long> counters, Set<TensorGroup> exchanged,
                 SliceLayout layout, boolean localMomentsExpected, double lrFactor) implements Serializable {
    RoundPlan {
        counters = new TreeMap<>(counters);
        exchanged = exchanged.isEmpty() ? EnumSet.noneOf(TensorGroup.class) : EnumSet.copyOf(exchanged);
    }

    long startStep() {
        return counters.get(io.srgan.core.train.TrainState.STEP);
    }

    /** Whether partitions send their moments back (and so the round's moments are averaged). */
    boolean collectsMoments() {
        return exchanged.stream().anyMatch(TensorGroup::isMoments);
    }

    double lrScale() {
        return run.lrScale() * lrFactor;
    }
}
