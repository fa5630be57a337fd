package io.srgan.core.util;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Whether numbers are finite: a NaN or an infinity in a weight means training diverged, and such a
 * state must never be averaged into others, written as a checkpoint or read back as a model.
 */
public final class Finite {
    private Finite() {}

    /** The index of the first NaN or infinity in {@code values}, or -1. */
    public static int firstNonFinite(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) return i;
        }
        return -1;
    }

    /** The index of the first NaN or infinity among {@code buffer}'s elements (from 0 to its limit), or -1. */
    public static int firstNonFinite(java.nio.FloatBuffer buffer) {
        float[] chunk = new float[Math.min(8192, buffer.limit())];
        for (int at = 0; at < buffer.limit(); at += chunk.length) {
            int n = Math.min(chunk.length, buffer.limit() - at);
            buffer.get(at, chunk, 0, n);
            for (int i = 0; i < n; i++) if (!Float.isFinite(chunk[i])) return at + i;
        }
        return -1;
    }

    /** Whether every element of {@code a} (float or double) is finite. */
    public static boolean all(INDArray a) {
        if (a.dataType() == DataType.DOUBLE) {
            for (double v : a.dup('c').data().asDouble()) if (!Double.isFinite(v)) return false;
            return true;
        }
        try (INDArray c = a.castTo(DataType.FLOAT).dup('c')) {
            return firstNonFinite(c.data().asFloat()) < 0;
        }
    }
}
