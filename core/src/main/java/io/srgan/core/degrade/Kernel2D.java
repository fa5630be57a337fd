package io.srgan.core.degrade;

/**
 * A square, odd-sized filter kernel, row-major, centred on {@code (size/2, size/2)}. Row offsets are
 * y (down), column offsets x (right), as BasicSR's {@code mesh_grid}. Immutable.
 */
public final class Kernel2D {
    private final int size;
    private final float[] weights;
    private final float[] taps; // the 1-D factor when the kernel is taps ⊗ taps, else null

    Kernel2D(int size, float[] weights) {
        this(size, weights, null);
    }

    private Kernel2D(int size, float[] weights, float[] taps) {
        if (size < 1 || size % 2 == 0) {
            throw new IllegalArgumentException("kernel size must be odd and >= 1, got " + size);
        }
        if (weights.length != size * size) {
            throw new IllegalArgumentException("kernel of size " + size + " needs " + size * size + " weights, got " + weights.length);
        }
        this.size = size;
        this.weights = weights;
        this.taps = taps;
    }

    /** The separable kernel {@code taps ⊗ taps} (odd length), which {@link Filter2D} applies as two 1-D passes. */
    static Kernel2D separable(float[] taps) {
        int k = taps.length;
        float[] w = new float[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                w[i * k + j] = taps[i] * taps[j];
            }
        }
        return new Kernel2D(k, w, taps.clone());
    }

    /** The 1-D factor of a separable kernel, or null. */
    float[] separableTaps() { return taps; }

    /** A kernel from explicit weights (copied), for callers with their own kernels. */
    public static Kernel2D of(int size, float[] weights) {
        return new Kernel2D(size, weights.clone());
    }

    /** The identity (Real-ESRGAN's "pulse" kernel when the final sinc is skipped). */
    public static Kernel2D identity() {
        return new Kernel2D(1, new float[] {1f});
    }

    public int size() { return size; }

    public int radius() { return size / 2; }

    /** Weight at row {@code row}, column {@code col}, both 0..size-1. */
    public float at(int row, int col) { return weights[row * size + col]; }

    /** A copy of the weights, row-major. */
    public float[] weights() { return weights.clone(); }

    float[] raw() { return weights; }

    public double sum() {
        double s = 0;
        for (float w : weights) {
            s += w;
        }
        return s;
    }
}
