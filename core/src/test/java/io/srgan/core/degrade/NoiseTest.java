package io.srgan.core.degrade;

import io.srgan.core.data.FloatImage;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoiseTest {
    @Test
    void gaussianNoiseHasMeanZeroAndStdSigma() {
        FloatImage flat = Filter2DTest.constant(512, 512, 3, 0.5f);
        double sigma = 20;
        FloatImage out = Noise.gaussian(flat, sigma, false, new SplittableRandom(1));
        double[] m = moments(out.data(), 0.5, 0, out.data().length);
        assertEquals(0, m[0], 1e-3);
        assertEquals(sigma / 255, Math.sqrt(m[1]), 0.01 * sigma / 255);
        // channels are independent: correlation of R and G noise is ~0
        double rg = 0;
        float[] d = out.data();
        for (int p = 0; p < d.length; p += 3) {
            rg += (d[p] - 0.5) * (d[p + 1] - 0.5);
        }
        assertEquals(0, rg / (d.length / 3) / m[1], 0.01);
    }

    @Test
    void grayGaussianNoiseIsEqualAcrossChannels() {
        FloatImage flat = Filter2DTest.constant(64, 64, 3, 0.4f);
        FloatImage out = Noise.gaussian(flat, 15, true, new SplittableRandom(2));
        assertGrayNoise(out);
        double[] m = moments(out.data(), 0.4, 0, out.data().length);
        assertEquals(15 / 255.0, Math.sqrt(m[1]), 0.05 * 15 / 255);
    }

    @Test
    void gaussianNoiseIsClampedToTheUnitRange() {
        FloatImage dark = Filter2DTest.constant(32, 32, 3, 0.01f);
        for (float v : Noise.gaussian(dark, 30, false, new SplittableRandom(3)).data()) {
            assertTrue(v >= 0f && v <= 1f);
        }
    }

    @Test
    void poissonVarianceIsLambdaOverValsSquaredTimesScaleSquared() {
        // Row 0 holds every 8-bit level (256 distinct -> vals = 256); the rest is level 128.
        FloatImage img = flatWithAllLevels(200, 256, 128);
        double vals = 256;
        double lambda = 128 / 255.0 * vals;
        double level = 128 / 255.0;
        double[] var = new double[2];
        double[] scales = {1.0, 2.5};
        for (int s = 0; s < 2; s++) {
            FloatImage out = Noise.poisson(img, scales[s], false, new SplittableRandom(4 + s));
            double[] m = moments(out.data(), level, 256 * 3, out.data().length);
            double expected = scales[s] * scales[s] * lambda / (vals * vals);
            assertEquals(0, m[0], 5 * Math.sqrt(expected / (199 * 256 * 3)), "mean, scale " + scales[s]);
            assertEquals(expected, m[1], 0.02 * expected, "variance, scale " + scales[s]);
            var[s] = m[1];
        }
        assertEquals(2.5 * 2.5, var[1] / var[0], 0.03 * 6.25);
    }

    @Test
    void poissonValsFollowTheDistinctLevelCount() {
        assertEquals(1, Noise.valsOf(new int[] {7, 7, 7}));
        assertEquals(2, Noise.valsOf(new int[] {7, 9}));
        assertEquals(4, Noise.valsOf(new int[] {1, 2, 3}));
        assertEquals(8, Noise.valsOf(new int[] {1, 2, 3, 4, 5}));
        int[] all = new int[256];
        for (int i = 0; i < 256; i++) {
            all[i] = i;
        }
        assertEquals(256, Noise.valsOf(all));
        // Three distinct levels -> vals 4: the variance at level 128 is scale² (128/255·4) / 16.
        float[] d = new float[100 * 100 * 3];
        java.util.Arrays.fill(d, 128 / 255f);
        d[0] = 0;
        d[1] = 1;
        FloatImage img = new FloatImage(100, 100, 3, d);
        double scale = 0.05;
        FloatImage out = Noise.poisson(img, scale, false, new SplittableRandom(9));
        double[] m = moments(out.data(), 128 / 255.0, 3, d.length);
        double expected = scale * scale * (128 / 255.0 * 4) / 16;
        assertEquals(expected, m[1], 0.03 * expected);
    }

    @Test
    void grayPoissonNoiseIsEqualAcrossChannelsAndUsesTheLuma() {
        FloatImage img = flatWithAllLevels(100, 256, 128);
        FloatImage out = Noise.poisson(img, 1.0, true, new SplittableRandom(5));
        assertGrayNoise(out);
        // the flat part's luma is 0.2989·L + 0.587·L + 0.114·L = 0.9999·L, which rounds back to level 128
        double[] m = moments(out.data(), 128 / 255.0, 256 * 3, out.data().length);
        double expected = (128 / 255.0 * 256) / (256.0 * 256.0);
        assertEquals(expected, m[1], 0.03 * expected);
    }

    @Test
    void sameSeedSameNoiseOtherSeedOtherNoise() {
        FloatImage img = flatWithAllLevels(20, 256, 90);
        assertArrayEquals(Noise.poisson(img, 1, false, new SplittableRandom(8)).data(),
                Noise.poisson(img, 1, false, new SplittableRandom(8)).data());
        assertArrayEquals(Noise.gaussian(img, 5, false, new SplittableRandom(8)).data(),
                Noise.gaussian(img, 5, false, new SplittableRandom(8)).data());
        assertNotEquals(java.util.Arrays.hashCode(Noise.gaussian(img, 5, false, new SplittableRandom(8)).data()),
                java.util.Arrays.hashCode(Noise.gaussian(img, 5, false, new SplittableRandom(9)).data()));
    }

    @Test
    void badArgumentsAreRefused() {
        FloatImage one = Filter2DTest.constant(4, 4, 1, 0.5f);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Noise.gaussian(one, 5, true, new SplittableRandom(1)))
                .getMessage().contains("RGB"));
        assertThrows(IllegalArgumentException.class, () -> Noise.gaussian(one, -1, false, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> Noise.poisson(one, Double.NaN, false, new SplittableRandom(1)));
    }

    /** Row 0: level (x mod 256) in all channels; other rows: {@code flatLevel}. */
    private static FloatImage flatWithAllLevels(int h, int w, int flatLevel) {
        FloatImage img = FloatImage.zeros(h, w, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = (y == 0 ? x % 256 : flatLevel) / 255f;
                for (int c = 0; c < 3; c++) {
                    img.set(y, x, c, v);
                }
            }
        }
        return img;
    }

    /** Mean and variance of (d[i] − centre) over i in [from, to). */
    private static double[] moments(float[] d, double centre, int from, int to) {
        double s = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
            double e = d[i] - centre;
            s += e;
            s2 += e * e;
        }
        int n = to - from;
        double mean = s / n;
        return new double[] {mean, s2 / n - mean * mean};
    }

    private static void assertGrayNoise(FloatImage out) {
        float[] d = out.data();
        boolean varies = false;
        for (int p = 0; p < d.length; p += 3) {
            assertEquals(d[p], d[p + 1], 0f);
            assertEquals(d[p], d[p + 2], 0f);
            varies |= d[p] != d[0];
        }
        assertTrue(varies, "noise was added");
    }
}
