package io.srgan.spark.train;

import io.srgan.core.train.GanTrainer;
import io.srgan.core.train.TrainState;
import io.srgan.core.util.Finite;
import io.srgan.spark.exchange.FloatArrays;
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
    private transient float[][] values; // written in bulk: see writeObject
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
        return export(trainer, n -> true);
    }

    /** A copy of the trainer's tensors whose names pass {@code keep}, with all its counters; one tensor in native memory at a time. */
    public static StateArrays export(GanTrainer trainer, Predicate<String> keep) {
        Map<String, INDArray> live = new TreeMap<>(TrainState.liveTensors(trainer));
        live.keySet().removeIf(keep.negate());
        String[] names = live.keySet().toArray(String[]::new);
        long[][] shapes = new long[names.length][];
        float[][] values = new float[names.length][];
        for (int i = 0; i < names.length; i++) {
            INDArray v = live.get(names[i]);
            shapes[i] = v.shape();
            try (INDArray c = v.dup('c')) {
                values[i] = c.data().asFloat();
            }
        }
        return new StateArrays(names, shapes, values, TrainState.counters(trainer));
    }

    /** The state as INDArrays (new native arrays the caller owns). */
    public TrainState toTrainState() {
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            tensors.put(names[i], nativeCopy(values[i], shapes[i]));
        }
        return new TrainState(tensors, counters);
    }

    /**
     * Copies this state into {@code trainer}, one tensor in native memory at a time. As
     * {@link TrainState#restoreInto}: every tensor the trainer has must be here with its shape, and
     * none may be left over.
     */
    public void restoreInto(GanTrainer trainer) {
        Map<String, INDArray> live = TrainState.liveTensors(trainer);
        for (String n : names) {
            if (!live.containsKey(n)) {
                throw new IllegalArgumentException("state tensor '" + n + "' has no place in this model (different architecture or EMA setting?)");
            }
        }
        live.forEach((name, target) -> {
            int i = indexOf(name);
            if (i < 0) throw new IllegalArgumentException("state is missing tensor '" + name + "'");
            if (!Arrays.equals(shapes[i], target.shape())) {
                throw new IllegalArgumentException("state tensor '" + name + "' has shape " + Arrays.toString(shapes[i])
                        + " but the model needs " + Arrays.toString(target.shape()));
            }
            if (target.isView() || target.ordering() != 'c' || target.dataType() != DataType.FLOAT) {
                try (INDArray source = nativeCopy(values[i], shapes[i])) {
                    target.assign(source);
                }
            } else {
                target.data().asNioFloat().put(0, values[i]); // one bulk copy (Nd4j.create sets element by element)
            }
        });
        TrainState.restoreCounters(trainer, counters);
    }

    /** The first tensor holding a NaN or an infinity, as "name[index] = value", or null when all are finite. */
    public String firstNonFinite() {
        for (int i = 0; i < names.length; i++) {
            int j = Finite.firstNonFinite(values[i]);
            if (j >= 0) return names[i] + "[" + j + "] = " + values[i][j];
        }
        return null;
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
    /** Tensor names, sorted. */
    public List<String> names() { return List.of(names); }
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

    /** A new native float array holding {@code values}, copied in bulk ({@code Nd4j.create(float[], ...)} sets element by element). */
    static INDArray nativeCopy(float[] values, long[] shape) {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        a.data().asNioFloat().put(0, values);
        return a;
    }

    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        out.defaultWriteObject();
        for (float[] v : values) FloatArrays.write(out, v);
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        values = new float[names.length][];
        for (int i = 0; i < values.length; i++) values[i] = FloatArrays.read(in);
    }

    /** Float values of every tensor: the size of what a broadcast or a result carries. */
    public long floats() {
        long n = 0;
        for (float[] v : values) n += v.length;
        return n;
    }
}
