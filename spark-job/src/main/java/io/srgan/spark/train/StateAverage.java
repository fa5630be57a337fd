package io.srgan.spark.train;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The running, sample-weighted sum of partition results that a round's tree aggregation builds:
 * {@link #add} folds in one partition, {@link #merge} joins two partial sums, {@link #average}
 * gives the new state. Sums are kept in double: with integer weights each product is exact, so for
 * one or two partitions the average does not depend on the order Spark merges in (bit-exact
 * reruns); with more, order changes only the last bits of a double before rounding to float.
 */
public final class StateAverage implements Serializable {
    private static final long serialVersionUID = 1L;

    private long samples;
    private int partitions;
    private String[] names;
    private long[][] shapes;
    private double[][] sums;
    private Map<String, Long> counters;
    private final TreeMap<String, Double> metricSums = new TreeMap<>();
    private final TreeMap<String, Long> metricSteps = new TreeMap<>();
    private final TreeMap<Integer, Map<String, Double>> lastMetrics = new TreeMap<>();
    private double maxCompute;
    private double maxBroadcast;
    private int optimizerFallbacks;
    private final java.util.TreeSet<String> executors = new java.util.TreeSet<>();

    /** Folds one partition's result in. */
    public StateAverage add(PartitionResult r) {
        partitions++;
        executors.add(r.executor());
        maxCompute = Math.max(maxCompute, r.computeSeconds());
        maxBroadcast = Math.max(maxBroadcast, r.broadcastSeconds());
        if (r.optimizerFallback()) optimizerFallbacks++;
        if (r.samples() == 0) return this;
        StateArrays s = r.state();
        if (sums == null) start(s);
        else requireSameTensors(s);
        double w = r.samples();
        for (int i = 0; i < sums.length; i++) {
            double[] acc = sums[i];
            float[] v = s.values(i);
            for (int j = 0; j < acc.length; j++) acc[j] += w * v[j];
        }
        samples += r.samples();
        r.metricSums().forEach((k, v) -> metricSums.merge(k, v, Double::sum));
        r.metricSteps().forEach((k, v) -> metricSteps.merge(k, v, Long::sum));
        lastMetrics.put(r.partition(), r.lastMetrics());
        return this;
    }

    /** Joins another partial sum into this one. */
    public StateAverage merge(StateAverage o) {
        partitions += o.partitions;
        executors.addAll(o.executors);
        maxCompute = Math.max(maxCompute, o.maxCompute);
        maxBroadcast = Math.max(maxBroadcast, o.maxBroadcast);
        optimizerFallbacks += o.optimizerFallbacks;
        if (o.sums == null) return this;
        if (sums == null) {
            names = o.names;
            shapes = o.shapes;
            sums = o.sums;
            counters = o.counters;
        } else {
            if (!java.util.Arrays.equals(names, o.names)) throw new IllegalStateException("partitions trained different tensors");
            for (int i = 0; i < sums.length; i++) {
                double[] acc = sums[i];
                double[] add = o.sums[i];
                for (int j = 0; j < acc.length; j++) acc[j] += add[j];
            }
        }
        samples += o.samples;
        o.metricSums.forEach((k, v) -> metricSums.merge(k, v, Double::sum));
        o.metricSteps.forEach((k, v) -> metricSteps.merge(k, v, Long::sum));
        lastMetrics.putAll(o.lastMetrics);
        return this;
    }

    /** The sample-weighted mean state; its counters are those every partition reached (the same in all). */
    public StateArrays average() {
        if (sums == null) throw new IllegalStateException("no partition trained: every shard is empty");
        float[][] values = new float[sums.length][];
        for (int i = 0; i < sums.length; i++) {
            double[] acc = sums[i];
            float[] v = new float[acc.length];
            for (int j = 0; j < acc.length; j++) v[j] = (float) (acc[j] / samples);
            values[i] = v;
        }
        return new StateArrays(names, shapes, values, counters);
    }

    /** Each metric's mean over every step of every partition. */
    public Map<String, Double> meanMetrics() {
        Map<String, Double> m = new TreeMap<>();
        metricSums.forEach((k, v) -> m.put(k, v / metricSteps.get(k)));
        return m;
    }

    /** The last step's metrics of the lowest-numbered partition that trained (learning rates are equal in all). */
    public Map<String, Double> lastMetrics() {
        return lastMetrics.isEmpty() ? Map.of() : lastMetrics.firstEntry().getValue();
    }

    public long samples() { return samples; }
    public int partitions() { return partitions; }
    public double maxComputeSeconds() { return maxCompute; }
    public double maxBroadcastSeconds() { return maxBroadcast; }
    public int optimizerFallbacks() { return optimizerFallbacks; }
    /** The executors that ran the round's partitions. */
    public java.util.Set<String> executors() { return java.util.Collections.unmodifiableSet(executors); }

    private void start(StateArrays s) {
        names = new String[s.size()];
        shapes = new long[s.size()][];
        sums = new double[s.size()][];
        for (int i = 0; i < s.size(); i++) {
            names[i] = s.name(i);
            shapes[i] = s.shape(i);
            sums[i] = new double[s.values(i).length];
        }
        counters = new TreeMap<>(s.counters());
    }

    private void requireSameTensors(StateArrays s) {
        if (s.size() != names.length) throw new IllegalStateException("partitions trained different tensors");
        for (int i = 0; i < names.length; i++) {
            if (!names[i].equals(s.name(i))) throw new IllegalStateException("partitions trained different tensors: "
                    + names[i] + " vs " + s.name(i));
        }
        if (!counters.equals(s.counters())) {
            throw new IllegalStateException("partitions ended the round at different counters: " + counters + " vs " + s.counters());
        }
    }
}
