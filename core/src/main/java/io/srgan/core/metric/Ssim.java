package io.srgan.core.metric;

/**
 * SSIM of Wang et al. (2004) as the SR benchmarks compute it on Y: 11×11 Gaussian window with
 * σ = 1.5 (normalised), K1 = 0.01, K2 = 0.03, L = 255, statistics over the 'valid' region only
 * (no padding), the mean of the SSIM map. Variances are E[x²] − E[x]², as the reference evaluator
 * computes them. Planes must be at least 11 pixels in each side.
 */
public final class Ssim {
    private static final int WINDOW = 11;
    private static final double SIGMA = 1.5;
    private static final double C1 = (0.01 * 255) * (0.01 * 255);
    private static final double C2 = (0.03 * 255) * (0.03 * 255);
    private static final double[] GAUSS = gaussian();

    private Ssim() {}

    public static double of(YPlane a, YPlane b) {
        Psnr.checkSameSize(a, b);
        int h = a.height();
        int w = a.width();
        if (h < WINDOW || w < WINDOW) {
            throw new IllegalArgumentException("SSIM needs planes of at least " + WINDOW + "x" + WINDOW + ", got " + h + "x" + w);
        }
        double[] x = a.values();
        double[] y = b.values();
        double[] xx = new double[x.length];
        double[] yy = new double[x.length];
        double[] xy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] mu1 = filterValid(x, h, w);
        double[] mu2 = filterValid(y, h, w);
        double[] e11 = filterValid(xx, h, w);
        double[] e22 = filterValid(yy, h, w);
        double[] e12 = filterValid(xy, h, w);
        double sum = 0;
        for (int i = 0; i < mu1.length; i++) {
            double m1 = mu1[i];
            double m2 = mu2[i];
            double s11 = e11[i] - m1 * m1;
            double s22 = e22[i] - m2 * m2;
            double s12 = e12[i] - m1 * m2;
            sum += ((2 * m1 * m2 + C1) * (2 * s12 + C2)) / ((m1 * m1 + m2 * m2 + C1) * (s11 + s22 + C2));
        }
        return sum / mu1.length;
    }

    /** Separable 'valid' correlation with the Gaussian: along the height first, then the width. */
    private static double[] filterValid(double[] in, int h, int w) {
        int oh = h - WINDOW + 1;
        int ow = w - WINDOW + 1;
        double[] t = new double[oh * w];
        for (int k = 0; k < WINDOW; k++) {
            double g = GAUSS[k];
            for (int y = 0; y < oh; y++) {
                int src = (y + k) * w;
                int dst = y * w;
                for (int x = 0; x < w; x++) {
                    t[dst + x] += g * in[src + x];
                }
            }
        }
        double[] out = new double[oh * ow];
        for (int k = 0; k < WINDOW; k++) {
            double g = GAUSS[k];
            for (int y = 0; y < oh; y++) {
                int src = y * w + k;
                int dst = y * ow;
                for (int x = 0; x < ow; x++) {
                    out[dst + x] += g * t[src + x];
                }
            }
        }
        return out;
    }

    private static double[] gaussian() {
        double[] g = new double[WINDOW];
        double sum = 0;
        for (int i = 0; i < WINDOW; i++) {
            double d = i - (WINDOW - 1) / 2.0;
            g[i] = Math.exp(-(d * d) / (2 * SIGMA * SIGMA));
            sum += g[i];
        }
        for (int i = 0; i < WINDOW; i++) {
            g[i] /= sum;
        }
        return g;
    }
}
