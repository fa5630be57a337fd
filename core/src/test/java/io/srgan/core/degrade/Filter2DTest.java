package io.srgan.core.degrade;

import io.srgan.core.data.FloatImage;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Filter2DTest {
    @Test
    void blurOfAConstantImageIsTheConstant() {
        FloatImage flat = constant(40, 33, 3, 0.37f);
        for (Kernel2D k : new Kernel2D[] {BlurKernels.isotropicGaussian(21, 3), BlurKernels.sinc(13, 1.0),
                BlurKernels.plateau(7, 0.5, 2, 0.7, 1.5)}) {
            FloatImage out = Filter2D.apply(flat, k);
            for (float v : out.data()) {
                assertEquals(0.37f, v, 2e-6);
            }
        }
    }

    @Test
    void oneTapKernelShiftsWithReflectAtTheBorder() {
        // 3x4 gray image, value 10*y + x; kernel 3x3 with a single 1 at row 0, column 2:
        // cross-correlation gives out(y, x) = in(y - 1, x + 1), mirrored without edge repeat.
        float[] d = new float[12];
        for (int i = 0; i < 12; i++) {
            d[i] = 10 * (i / 4) + i % 4;
        }
        float[] k = new float[9];
        k[2] = 1;
        FloatImage out = Filter2D.apply(new FloatImage(3, 4, 1, d), Kernel2D.of(3, k));
        float[] expected = {
            11, 12, 13, 12,   // y = 0 reads row -1 -> row 1; x = 3 reads column 4 -> column 2
            1, 2, 3, 2,
            11, 12, 13, 12,
        };
        for (int i = 0; i < 12; i++) {
            assertEquals(expected[i], out.data()[i], 0f, "pixel " + i);
        }
    }

    @Test
    void reflectIndexMirrorsWithoutRepeatingTheEdge() {
        int[] expected = {1, 2, 1, 0, 1, 2, 1, 0, 1}; // numpy.pad(mode='reflect') of [0, 1, 2], i = -3..5
        for (int i = -3; i <= 5; i++) {
            assertEquals(expected[i + 3], Filter2D.reflect(i, 3), "i=" + i);
        }
        assertEquals(0, Filter2D.reflect(-4, 1));
    }

    @Test
    void matchesANaiveCorrelationOnARandomImage() {
        SplittableRandom rng = new SplittableRandom(3);
        int h = 12;
        int w = 17;
        int c = 3;
        float[] d = new float[h * w * c];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rng.nextDouble();
        }
        float[] kw = new float[49];
        for (int i = 0; i < kw.length; i++) {
            kw[i] = (float) rng.nextDouble();
        }
        FloatImage img = new FloatImage(h, w, c, d);
        FloatImage out = Filter2D.apply(img, Kernel2D.of(7, kw));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    double s = 0;
                    for (int ky = 0; ky < 7; ky++) {
                        for (int kx = 0; kx < 7; kx++) {
                            s += kw[ky * 7 + kx] * img.get(mirror(y + ky - 3, h), mirror(x + kx - 3, w), ch);
                        }
                    }
                    assertEquals(s, out.get(y, x, ch), 1e-5);
                }
            }
        }
    }

    /** Mirror by repeated folding, the way one would by hand. */
    private static int mirror(int i, int n) {
        while (i < 0 || i >= n) {
            i = i < 0 ? -i : 2 * (n - 1) - i;
        }
        return i;
    }

    static FloatImage constant(int h, int w, int c, float v) {
        float[] d = new float[h * w * c];
        java.util.Arrays.fill(d, v);
        return new FloatImage(h, w, c, d);
    }
}
