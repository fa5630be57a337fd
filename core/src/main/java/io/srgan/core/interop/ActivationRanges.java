package io.srgan.core.interop;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The smallest and largest value each named tensor took over a calibration set: what
 * {@link OnnxQuantizer} spreads a tensor's 256 uint8 levels over. Plain min/max: on the generators
 * measured, clipping outliers (percentiles) was not needed to stay within 0.1 dB of float.
 */
public final class ActivationRanges {
    private final Map<String, float[]> ranges = new HashMap<>();

    /** Widens {@code name}'s range by every value in {@code values}. A NaN is an error (the model diverged). */
    public void observe(String name, FloatBuffer values) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (int i = values.position(); i < values.limit(); i++) {
            float v = values.get(i);
            if (v != v) throw new IllegalArgumentException("calibration: tensor " + name + " holds NaN");
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        if (lo > hi) return; // empty
        float[] r = ranges.computeIfAbsent(name, k -> new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY});
        r[0] = Math.min(r[0], lo);
        r[1] = Math.max(r[1], hi);
    }

    /** {min, max} of {@code name}; fails if it was never observed. */
    public float[] range(String name) {
        float[] r = ranges.get(name);
        if (r == null) throw new IllegalArgumentException("calibration: no range for tensor " + name);
        return r.clone();
    }

    public int size() { return ranges.size(); }
}
