package io.srgan.core.metric;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SsimTest {
    private static final double C1 = 6.5025;    // (0.01·255)²
    private static final double C2 = 58.5225;   // (0.03·255)²

    @Test
    void identicalIsExactlyOne() {
        YPlane a = random(20, 17, 1);
        assertEquals(1.0, Ssim.of(a, a));
    }

    /** Flat planes have no variance: SSIM is the luminance term (2·μa·μb + C1) / (μa² + μb² + C1). */
    @Test
    void flatPlanesGiveTheLuminanceTerm() {
        double expected = (2 * 100.0 * 110.0 + C1) / (100.0 * 100.0 + 110.0 * 110.0 + C1);  // 0.995477
        assertEquals(expected, Ssim.of(PsnrTest.constant(15, 12, 100), PsnrTest.constant(15, 12, 110)), 1e-9);
    }

    /** The separable filter against a direct 2-D window sum, written independently here. */
    @Test
    void matchesADirectTwoDimensionalWindowComputation() {
        YPlane a = random(19, 23, 2);
        YPlane b = noisy(a, 3);
        double direct = direct(a, b);
        assertEquals(direct, Ssim.of(a, b), 1e-12);
        assertTrue(direct < 0.99 && direct > 0.3, "noise should lower SSIM noticeably, got " + direct);
    }

    @Test
    void tooSmallForTheWindowIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Ssim.of(random(10, 30, 4), random(10, 30, 5)));
    }

    private static double direct(YPlane a, YPlane b) {
        double[][] w = new double[11][11];
        double sum = 0;
        for (int i = 0; i < 11; i++) {
            for (int j = 0; j < 11; j++) {
                w[i][j] = Math.exp(-((i - 5) * (i - 5) + (j - 5) * (j - 5)) / (2 * 1.5 * 1.5));
                sum += w[i][j];
            }
        }
        double total = 0;
        int count = 0;
        for (int y = 0; y + 11 <= a.height(); y++) {
            for (int x = 0; x + 11 <= a.width(); x++) {
                double ma = 0, mb = 0, eaa = 0, ebb = 0, eab = 0;
                for (int i = 0; i < 11; i++) {
                    for (int j = 0; j < 11; j++) {
                        double g = w[i][j] / sum;
                        double va = a.get(y + i, x + j);
                        double vb = b.get(y + i, x + j);
                        ma += g * va;
                        mb += g * vb;
                        eaa += g * va * va;
                        ebb += g * vb * vb;
                        eab += g * va * vb;
                    }
                }
                double saa = eaa - ma * ma;
                double sbb = ebb - mb * mb;
                double sab = eab - ma * mb;
                total += (2 * ma * mb + C1) * (2 * sab + C2) / ((ma * ma + mb * mb + C1) * (saa + sbb + C2));
                count++;
            }
        }
        return total / count;
    }

    private static YPlane random(int h, int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = 16 + r.nextDouble() * 219;
        }
        return new YPlane(h, w, v);
    }

    private static YPlane noisy(YPlane a, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = a.values().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] += r.nextDouble() * 60 - 30;
        }
        return new YPlane(a.height(), a.width(), v);
    }
}
