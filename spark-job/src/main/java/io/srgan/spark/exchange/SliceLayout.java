package io.srgan.spark.exchange;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * How a list of tensors (flattened in their given order into one vector) is cut into slices of at
 * most {@link #sliceFloats()} floats. A slice may end inside a tensor or span several; every
 * partition and the driver derive the same cut from the same names and sizes.
 */
public final class SliceLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final long[] starts; // starts[i] = first flat index of tensor i; starts[n] = total
    private final int sliceFloats;

    private SliceLayout(String[] names, long[] starts, int sliceFloats) {
        this.names = names;
        this.starts = starts;
        this.sliceFloats = sliceFloats;
    }

    /**
     * Slices of at most {@code maxSliceFloats}, made smaller when that gives fewer than
     * {@code minSlices} slices (so that every reducer gets work).
     */
    public static SliceLayout of(List<String> names, long[] sizes, int maxSliceFloats, int minSlices) {
        if (names.size() != sizes.length) throw new IllegalArgumentException("names and sizes differ in length");
        if (maxSliceFloats < 1 || minSlices < 1) throw new IllegalArgumentException("slice size and count must be >= 1");
        long[] starts = new long[sizes.length + 1];
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 0) throw new IllegalArgumentException("tensor " + names.get(i) + " has negative size");
            starts[i + 1] = starts[i] + sizes[i];
        }
        long total = starts[sizes.length];
        int slice = (int) Math.max(1, Math.min(maxSliceFloats, (total + minSlices - 1) / minSlices));
        return new SliceLayout(names.toArray(String[]::new), starts, slice);
    }

    public List<String> names() { return List.of(names); }
    public int sliceFloats() { return sliceFloats; }
    public long totalFloats() { return starts[names.length]; }

    public int slices() {
        return (int) ((totalFloats() + sliceFloats - 1) / sliceFloats);
    }

    /** Floats in slice {@code s} (the last may be short). */
    public int length(int s) {
        long start = (long) s * sliceFloats;
        return (int) Math.min(sliceFloats, totalFloats() - start);
    }

    /** Copies {@code n} values of tensor {@code tensor}, from its position {@code from}, into {@code dst} at {@code at}. */
    public interface TensorReader {
        void read(int tensor, int from, float[] dst, int at, int n);
    }

    /** A copy of slice {@code s} out of {@code tensors} (one array per name, in the layout's order). */
    public float[] cut(int s, float[][] tensors) {
        requireSizes(tensors);
        return cut(s, (tensor, from, dst, at, n) -> System.arraycopy(tensors[tensor], from, dst, at, n));
    }

    /** A copy of slice {@code s} read through {@code reader} (e.g. straight from a trainer's native buffers). */
    public float[] cut(int s, TensorReader reader) {
        float[] out = new float[length(s)];
        walk(s, (tensor, from, at, n) -> reader.read(tensor, from, out, at, n));
        return out;
    }

    /** Writes {@code values} (slice {@code s}) into {@code tensors}. */
    public void paste(int s, float[] values, float[][] tensors) {
        requireSizes(tensors);
        if (values.length != length(s)) {
            throw new IllegalArgumentException("slice " + s + " has " + values.length + " values, the layout " + length(s));
        }
        walk(s, (tensor, from, at, n) -> System.arraycopy(values, at, tensors[tensor], from, n));
    }

    /** Floats of tensor {@code i}. */
    public long size(int i) {
        return starts[i + 1] - starts[i];
    }

    /** The name of the tensor holding flat index {@code flat}. */
    public String tensorAt(long flat) {
        int i = Arrays.binarySearch(starts, flat);
        if (i < 0) i = -i - 2;
        while (i + 1 < starts.length - 1 && starts[i + 1] == flat) i++; // skip empty tensors
        return names[i];
    }

    private interface Piece {
        void copy(int tensor, int fromInTensor, int atInSlice, int n);
    }

    private void requireSizes(float[][] tensors) {
        if (tensors.length != names.length) throw new IllegalArgumentException("expected " + names.length + " tensors, got " + tensors.length);
        for (int i = 0; i < names.length; i++) {
            if (tensors[i].length != size(i)) {
                throw new IllegalArgumentException("tensor " + names[i] + " has " + tensors[i].length + " values, the layout " + size(i));
            }
        }
    }

    private void walk(int s, Piece piece) {
        long start = (long) s * sliceFloats;
        long end = start + length(s);
        int i = Arrays.binarySearch(starts, start);
        if (i < 0) i = -i - 2;
        for (long pos = start; pos < end; i++) {
            long tensorEnd = starts[i + 1];
            if (tensorEnd <= pos) continue; // empty tensor
            int n = (int) (Math.min(end, tensorEnd) - pos);
            piece.copy(i, (int) (pos - starts[i]), (int) (pos - start), n);
            pos += n;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SliceLayout l && sliceFloats == l.sliceFloats && Arrays.equals(names, l.names)
                && Arrays.equals(starts, l.starts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(names) + Arrays.hashCode(starts) + sliceFloats;
    }
}
