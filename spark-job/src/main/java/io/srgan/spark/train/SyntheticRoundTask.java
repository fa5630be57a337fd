package io.srgan.spark.train;

import io.srgan.core.train.TrainState;
import io.srgan.spark.exchange.SliceContribution;
import io.srgan.spark.exchange.SliceLayout;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.TaskCompletionListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import scala.Tuple2;

/**
 * A stand-in for {@link RoundTask} that measures the round's exchange without training
 * ({@link ExchangeBenchmark}): it fetches the broadcast state, copies every tensor into native
 * memory as loading a trainer does, nudges the exchanged tensors there (so that the average has
 * work to do), optionally sleeps for the compute time of K real steps, and sends the same slices,
 * read from those native buffers, and the same report a training task would.
 */
final class SyntheticRoundTask implements Function2<Integer, Iterator<ShardItem>, Iterator<Tuple2<Integer, SliceContribution>>> {
    private static final long serialVersionUID = 1L;

    private final Map<TensorGroup, Broadcast<StateArrays>> state;
    private final RoundPlan plan;
    private final CollectionAccumulator<PartitionReport> reports;
    private final long computeMillis;
    private final int batch;

    SyntheticRoundTask(Map<TensorGroup, Broadcast<StateArrays>> state, RoundPlan plan, CollectionAccumulator<PartitionReport> reports,
                       long computeMillis, int batch) {
        this.state = state;
        this.plan = plan;
        this.reports = reports;
        this.computeMillis = computeMillis;
        this.batch = batch;
    }

    @Override
    public Iterator<Tuple2<Integer, SliceContribution>> call(Integer partition, Iterator<ShardItem> shard) throws Exception {
        int pairs = 0;
        while (shard.hasNext()) if (shard.next().pair() != null) pairs++;
        long t0 = System.nanoTime();
        StateArrays start = null;
        for (Broadcast<StateArrays> b : state.values()) start = start == null ? b.value() : start.overlay(b.value());
        SliceLayout layout = plan.layout();
        INDArray[] model = new INDArray[start.size()]; // the trainer's native arrays
        java.nio.FloatBuffer[] trained = new java.nio.FloatBuffer[layout.names().size()];
        float delta = 1e-6f * (partition + 1);
        for (int i = 0; i < start.size(); i++) { // load: a native copy of every tensor, as StateArrays.restoreInto makes
            model[i] = StateArrays.nativeCopy(start.values(i), start.shape(i));
            int out = layout.names().indexOf(start.name(i));
            if (out >= 0) {
                model[i].addi(delta); // "training"
                trained[out] = model[i].data().asNioFloat();
            }
        }
        TaskContext.get().addTaskCompletionListener((TaskCompletionListener) ctx -> {
            for (INDArray a : model) a.close();
        });
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        if (computeMillis > 0) Thread.sleep(computeMillis);
        double computeSeconds = (System.nanoTime() - t1) / 1e9;
        Map<String, Long> counters = new TreeMap<>(plan.counters());
        counters.put(TrainState.STEP, plan.startStep() + plan.steps());
        long samples = (long) plan.steps() * batch;
        reports.add(new PartitionReport(partition, executorId(), pairs, List.of(), samples, counters, Map.of(), Map.of(), Map.of(),
                loadSeconds, computeSeconds, false, null));
        return IntStream.range(0, layout.slices())
                .mapToObj(s -> new Tuple2<>(s, new SliceContribution(samples,
                        layout.cut(s, (tensor, from, dst, at, n) -> trained[tensor].get(from, dst, at, n))))).iterator();
    }

    private static String executorId() {
        org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
        return env == null ? "unknown" : env.executorId();
    }
}
