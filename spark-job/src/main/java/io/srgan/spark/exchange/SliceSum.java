package io.srgan.spark.exchange;

import java.io.Serializable;

/**
 * The weighted sum of one slice's contributions, in double, on the reducer that owns the slice.
 * Each product weight·value is exact in double (integer weights below 2^29 times a float), so with
 * one or two contributions the sum, hence the mean, does not depend on the order they arrive in;
 * with more it can differ in the last bits of the double, which rarely survive the rounding to float.
 */
public final class SliceSum implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] sums;
    private long weight;
    private int parts;

    private SliceSum(int length) {
        this.sums = new double[length];
    }

    public static SliceSum of(SliceContribution c) {
        return new SliceSum(c.values().length).add(c);
    }

    public SliceSum add(SliceContribution c) {
        float[] v = c.values();
        if (v.length != sums.length) throw new IllegalArgumentException("slice of " + v.length + " values added to one of " + sums.length);
        double w = c.weight();
        for (int i = 0; i < v.length; i++) sums[i] += w * v[i];
        weight += c.weight();
        parts++;
        return this;
    }

    public SliceSum merge(SliceSum o) {
        if (o.sums.length != sums.length) throw new IllegalArgumentException("slices of different lengths merged");
        for (int i = 0; i < sums.length; i++) sums[i] += o.sums[i];
        weight += o.weight;
        parts += o.parts;
        return this;
    }

    /** The weighted mean, rounded to float. */
    public MeanSlice mean() {
        float[] m = new float[sums.length];
        for (int i = 0; i < m.length; i++) m[i] = (float) (sums[i] / weight);
        return new MeanSlice(weight, parts, m);
    }
}
