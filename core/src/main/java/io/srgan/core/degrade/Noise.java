package io.srgan.core.degrade;

import io.srgan.core.data.FloatImage;

import java.util.SplittableRandom;

/**
 * BasicSR's {@code add_gaussian_noise_pt} / {@code add_poisson_noise_pt} with {@code clip=True,
 * rounds=False}: the noisy image is clamped to [0, 1] but not quantised. Gray noise draws one plane
 * and adds it to R, G and B alike. Both return a new image; the input is left alone.
 *
 * <p>Normal variates come from Marsaglia's polar method on {@link SplittableRandom#nextDouble()}
 * with StrictMath, not {@code nextGaussian()}, whose algorithm is a JDK implementation detail: the
 * noise for a seed is then the same on every JVM.
 */
public final class Noise {
    private Noise() {}

    /** torchvision {@code rgb_to_grayscale} weights (ITU-R 601-2 luma as PIL rounds them). */
    static final float LUMA_R = 0.2989f;
    static final float LUMA_G = 0.587f;
    static final float LUMA_B = 0.114f;

    /** Adds N(0, (sigma/255)²) per sample (or per pixel when {@code gray}), then clamps to [0, 1]. */
    public static FloatImage gaussian(FloatImage image, double sigma255, boolean gray, SplittableRandom rng) {
        if (!(sigma255 >= 0) || Double.isInfinite(sigma255)) {
            throw new IllegalArgumentException("Gaussian noise sigma must be finite and >= 0 (0..255 units), got " + sigma255);
        }
        checkGray(image, gray);
        float[] src = image.data();
        float[] out = new float[src.length];
        double s = sigma255 / 255.0;
        Normals normals = new Normals(rng);
        int c = image.channels();
        if (gray) {
            for (int p = 0; p < src.length; p += c) {
                float n = (float) (normals.next() * s);
                for (int ch = 0; ch < c; ch++) {
                    out[p + ch] = clamp01(src[p + ch] + n);
                }
            }
        } else {
            for (int i = 0; i < src.length; i++) {
                out[i] = clamp01(src[i] + (float) (normals.next() * s));
            }
        }
        return new FloatImage(image.height(), image.width(), c, out);
    }

    /**
     * Poisson (shot) noise as BasicSR: quantise to 8-bit levels k/255 (clamp, round half even),
     * count the distinct levels of this image (all channels, or the gray plane), take
     * {@code vals = 2^ceil(log2(count))}, draw {@code Poisson(level·vals)/vals}, and add
     * {@code scale·(draw − level)} to the unquantised input; then clamp to [0, 1]. The gray variant
     * draws on the rounded luma {@code 0.2989R + 0.587G + 0.114B} and adds that noise to every channel.
     */
    public static FloatImage poisson(FloatImage image, double scale, boolean gray, SplittableRandom rng) {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("Poisson noise scale must be finite and >= 0, got " + scale);
        }
        checkGray(image, gray);
        float[] src = image.data();
        int c = image.channels();
        int[] levels = gray ? grayLevels(src) : levels(src);
        double vals = valsOf(levels);
        PoissonTables tables = new PoissonTables(vals);
        float[] out = new float[src.length];
        if (gray) {
            for (int p = 0, q = 0; p < src.length; p += c, q++) {
                float n = noiseAt(levels[q], vals, scale, tables, rng);
                for (int ch = 0; ch < c; ch++) {
                    out[p + ch] = clamp01(src[p + ch] + n);
                }
            }
        } else {
            for (int i = 0; i < src.length; i++) {
                out[i] = clamp01(src[i] + noiseAt(levels[i], vals, scale, tables, rng));
            }
        }
        return new FloatImage(image.height(), image.width(), c, out);
    }

    private static float noiseAt(int level, double vals, double scale, PoissonTables tables, SplittableRandom rng) {
        float lv = level / 255f;
        float drawn = (float) (tables.sample(level, rng) / vals);
        return (float) ((drawn - lv) * scale);
    }

    /** BasicSR: {@code 2 ** ceil(log2(len(unique(levels))))}. */
    static double valsOf(int[] levels) {
        boolean[] seen = new boolean[256];
        int unique = 0;
        for (int l : levels) {
            if (!seen[l]) {
                seen[l] = true;
                unique++;
            }
        }
        int pow = 1; // exact for counts 1..256, where log2 in floating point could misround
        while (pow < unique) {
            pow <<= 1;
        }
        return pow;
    }

    static int[] levels(float[] src) {
        int[] out = new int[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = level(src[i]);
        }
        return out;
    }

    private static int[] grayLevels(float[] src) {
        int[] out = new int[src.length / 3];
        for (int p = 0, q = 0; q < out.length; p += 3, q++) {
            out[q] = level(LUMA_R * src[p] + LUMA_G * src[p + 1] + LUMA_B * src[p + 2]);
        }
        return out;
    }

    /** {@code clamp(round(v·255), 0, 255)} with torch's round-half-to-even. */
    static int level(float v) {
        if (Float.isNaN(v)) {
            throw new IllegalArgumentException("image holds a NaN sample");
        }
        double r = Math.rint(v * 255.0f);
        return r <= 0 ? 0 : r >= 255 ? 255 : (int) r;
    }

    static float clamp01(float v) {
        return v < 0f ? 0f : v > 1f ? 1f : v;
    }

    private static void checkGray(FloatImage image, boolean gray) {
        if (gray && image.channels() != 3) {
            throw new IllegalArgumentException("gray noise needs an RGB image, got " + image.channels() + " channels");
        }
    }

    /** Standard normals, two per accepted polar pair. */
    private static final class Normals {
        private final SplittableRandom rng;
        private double spare;
        private boolean hasSpare;

        Normals(SplittableRandom rng) {
            this.rng = rng;
        }

        double next() {
            if (hasSpare) {
                hasSpare = false;
                return spare;
            }
            double u;
            double v;
            double s;
            do {
                u = 2 * rng.nextDouble() - 1;
                v = 2 * rng.nextDouble() - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double f = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
            spare = v * f;
            hasSpare = true;
            return u * f;
        }
    }

    /**
     * Inversion sampling of Poisson(λ) for the at most 256 means {@code λ = (k/255)·vals} one image
     * can have: one cumulative table per level, built on first use, then a binary search per draw.
     * Exact up to double rounding, and no per-sample logarithms.
     */
    private static final class PoissonTables {
        private final double vals;
        private final double[][] cdf = new double[256][];

        PoissonTables(double vals) {
            this.vals = vals;
        }

        int sample(int level, SplittableRandom rng) {
            double[] table = cdf[level];
            if (table == null) {
                table = cdf[level] = build((level / 255f) * vals);
            }
            double u = rng.nextDouble();
            int lo = 0;
            int hi = table.length - 1; // table[hi] == 1 > u
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (table[mid] > u) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo;
        }

        private static double[] build(double lambda) {
            if (lambda == 0) {
                return new double[] {1.0};
            }
            // Mass beyond λ + 12√λ + 30 is < 1e-17 for λ <= 256 (the largest vals·1): negligible in double.
            int n = (int) Math.ceil(lambda + 12 * Math.sqrt(lambda) + 30);
            double[] table = new double[n + 1];
            double p = StrictMath.exp(-lambda); // >= e^-256 ≈ 6.6e-112, no underflow
            double sum = 0;
            for (int k = 0; k <= n; k++) {
                if (k > 0) {
                    p *= lambda / k;
                }
                sum += p;
                table[k] = sum;
            }
            table[n] = 1.0; // absorbs the rounding slack so the search always ends
            return table;
        }
    }
}
