package io.srgan.core.data;

/**
 * MATLAB imresize's {@code contributions()} for one axis with the bicubic kernel (a = -0.5):
 * for each output position, {@link #taps} input indices (0-based, mirrored at the borders:
 * MATLAB's {@code aux = [1:n, n:-1:1]}) and their normalised weights. When shrinking, the kernel is
 * stretched by 1/scale (antialiasing). The arithmetic follows MATLAB's order of operations so the
 * weights are the same doubles.
 */
final class BicubicContributions {
    final int outLength;
    final int taps;
    /** {@code [outLength × taps]}, row-major. */
    final int[] index;
    /** {@code [outLength × taps]}, row-major; each row sums to 1. */
    final double[] weight;

    private BicubicContributions(int outLength, int taps, int[] index, double[] weight) {
        this.outLength = outLength;
        this.taps = taps;
        this.index = index;
        this.weight = weight;
    }

    static BicubicContributions of(int inLength, int outLength, double scale) {
        boolean antialias = scale < 1;
        double kernelWidth = antialias ? 4.0 / scale : 4.0;
        int taps = (int) Math.ceil(kernelWidth) + 2;
        int[] index = new int[outLength * taps];
        double[] weight = new double[outLength * taps];
        for (int o = 0; o < outLength; o++) {
            double u = o + 1;                               // MATLAB's 1-based output coordinate
            double x = u / scale + 0.5 * (1.0 - 1.0 / scale);
            double left = Math.floor(x - kernelWidth / 2.0);
            double sum = 0;
            for (int k = 0; k < taps; k++) {
                double d = x - (left + k);
                double w = antialias ? scale * cubic(scale * d) : cubic(d);
                weight[o * taps + k] = w;
                sum += w;
            }
            for (int k = 0; k < taps; k++) {
                weight[o * taps + k] /= sum;
                long oneBased = (long) left + k;
                index[o * taps + k] = mirror(oneBased - 1, inLength);
            }
        }
        return new BicubicContributions(outLength, taps, index, weight);
    }

    /** Keys' cubic with a = -0.5, written as MATLAB's {@code cubic()}. */
    static double cubic(double x) {
        double ax = Math.abs(x);
        double ax2 = ax * ax;
        double ax3 = ax2 * ax;
        if (ax <= 1) {
            return 1.5 * ax3 - 2.5 * ax2 + 1.0;
        }
        if (ax <= 2) {
            return -0.5 * ax3 + 2.5 * ax2 - 4.0 * ax + 2.0;
        }
        return 0.0;
    }

    /** Symmetric padding: ... 1 0 | 0 1 ... n-1 | n-1 n-2 ..., periodic with period 2n. */
    private static int mirror(long i, int n) {
        int m = (int) Math.floorMod(i, 2L * n);
        return m < n ? m : 2 * n - 1 - m;
    }
}
