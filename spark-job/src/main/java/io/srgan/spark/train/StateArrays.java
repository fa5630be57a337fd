package io.srgan.spark.train;

import io.srgan.core.train.GanTrainer;
import io.srgan.core.train.TrainState;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link TrainState} as plain Java arrays: what a round broadcasts to the executors and what they
 * send back. Off-heap INDArrays do not belong in Spark's serialization; float arrays serialize
 * compactly and need no native memory until an executor copies them into its trainer.
 * Immutable by contract: a broadcast value may be shared by tasks in one JVM, so nobody writes into
 * {@link #values(int)}.
 */
public final class StateArrays implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final long[][] shapes;
    private final float[][] values;
    private final TreeMap<String, Long> counters;

    StateArrays(String[] names, long[][] shapes, float[][] values, Map<String, Long> counters) {
        if (names.length != shapes.length || names.length != values.length) {
            throw new IllegalArgumentException("names, shapes and values differ in length");
        }
        this.names = names;
        this.shapes = shapes;
        this.values = values;
        this.counters = new TreeMap<>(counters);
    }

    public static StateArrays of(TrainState state) {
        int n = state.tensors().size();
        String[] names = new String[n];
        long[][] shapes = new long[n][];
        float[][] values = new float[n][];
        int i = 0;
        for (Map.Entry<String, INDArray> e : state.tensors().entrySet()) { // sorted by name
            names[i] = e.getKey();
            shapes[i] = e.getValue().shape();
            values[i] = e.getValue().dup('c').data().asFloat();
            i++;
        }
        return new StateArrays(names, shapes, values, state.counters());
    }

    /** A copy of the trainer's state. */
    public static StateArrays export(GanTrainer trainer) {
        TrainState s = TrainState.export(trainer);
        try {
            return of(s);
        } finally {
            s.tensors().values().forEach(INDArray::close);
        }
    }

    /** The state as INDArrays (new native arrays the caller owns). */
    public TrainState toTrainState() {
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            tensors.put(names[i], Nd4j.create(values[i], shapes[i], DataType.FLOAT));
        }
        return new TrainState(tensors, counters);
    }

    /** Copies this state into {@code trainer} (same rules as {@link TrainState#restoreInto}). */
    public void restoreInto(GanTrainer trainer) {
        TrainState s = toTrainState();
        try {
            s.restoreInto(trainer);
        } finally {
            s.tensors().values().forEach(INDArray::close);
        }
    }

    /** The tensors whose names pass {@code keep}, with the same counters (arrays shared, not copied). */
    public StateArrays select(Predicate<String> keep) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < names.length; i++) if (keep.test(names[i])) idx.add(i);
        String[] n = new String[idx.size()];
        long[][] sh = new long[idx.size()][];
        float[][] v = new float[idx.size()][];
        for (int j = 0; j < n.length; j++) {
            n[j] = names[idx.get(j)];
            sh[j] = shapes[idx.get(j)];
            v[j] = values[idx.get(j)];
        }
        return new StateArrays(n, sh, v, counters);
    }

    /** This state with the tensors of {@code other} replacing or adding to its own; the counters stay this state's. */
    public StateArrays overlay(StateArrays other) {
        TreeMap<String, Object[]> merged = new TreeMap<>();
        for (int i = 0; i < names.length; i++) merged.put(names[i], new Object[] {shapes[i], values[i]});
        for (int i = 0; i < other.names.length; i++) merged.put(other.names[i], new Object[] {other.shapes[i], other.values[i]});
        String[] n = merged.keySet().toArray(String[]::new);
        long[][] sh = new long[n.length][];
        float[][] v = new float[n.length][];
        for (int j = 0; j < n.length; j++) {
            sh[j] = (long[]) merged.get(n[j])[0];
            v[j] = (float[]) merged.get(n[j])[1];
        }
        return new StateArrays(n, sh, v, counters);
    }

    /** This state with different counters. */
    public StateArrays withCounters(Map<String, Long> newCounters) {
        return new StateArrays(names, shapes, values, newCounters);
    }

    public int size() { return names.length; }
    public String name(int i) { return names[i]; }
    public long[] shape(int i) { return shapes[i].clone(); }
    /** The backing array of tensor {@code i}: read only. */
    float[] values(int i) { return values[i]; }
    public Map<String, Long> counters() { return java.util.Collections.unmodifiableMap(counters); }

    public long counter(String name) {
        Long v = counters.get(name);
        if (v == null) throw new IllegalArgumentException("state has no counter '" + name + "'");
        return v;
    }

    /** The index of tensor {@code name}, or -1. */
    public int indexOf(String name) {
        int i = Arrays.binarySearch(names, name); // names are sorted
        return i >= 0 ? i : -1;
    }

    /** Float values of every tensor: the size of what a broadcast or a result carries. */
    public long floats() {
        long n = 0;
        for (float[] v : values) n += v.length;
        return n;
    }
}
