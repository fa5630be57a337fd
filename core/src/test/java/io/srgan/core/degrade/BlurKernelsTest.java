package io.srgan.core.degrade;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlurKernelsTest {
    private static final double TOL = 2e-6; // the weights are floats

    @Test
    void everyKernelSumsToOne() {
        for (int size = 7; size <= 21; size += 2) {
            assertSumOne(BlurKernels.isotropicGaussian(size, 0.2));
            assertSumOne(BlurKernels.isotropicGaussian(size, 3));
            assertSumOne(BlurKernels.anisotropicGaussian(size, 0.4, 2.7, 1.1));
            assertSumOne(BlurKernels.generalizedGaussian(size, 1.3, 0.6, -2.0, 0.5));
            assertSumOne(BlurKernels.generalizedGaussian(size, 2.0, 2.0, 0, 4));
            assertSumOne(BlurKernels.plateau(size, 1.7, 0.9, 0.3, 1));
            assertSumOne(BlurKernels.plateau(size, 0.5, 2.9, 3.0, 2));
            assertSumOne(BlurKernels.sinc(size, Math.PI / 5));
            assertSumOne(BlurKernels.sinc(size, Math.PI));
        }
    }

    @Test
    void isotropicGaussianFollowsExpOfSquaredDistance() {
        double sigma = 1.7;
        Kernel2D k = BlurKernels.isotropicGaussian(11, sigma);
        float centre = k.at(5, 5);
        for (int[] p : new int[][] {{5, 8}, {2, 5}, {1, 9}, {0, 0}, {7, 4}}) {
            double d2 = sq(p[0] - 5) + sq(p[1] - 5);
            assertEquals(Math.exp(-d2 / (2 * sigma * sigma)), k.at(p[0], p[1]) / centre, 1e-5, "at " + p[0] + "," + p[1]);
        }
    }

    /** The separable isotropic kernel is the rotated-Gaussian formula at equal sigmas, and filters as the 2-D kernel does. */
    @Test
    void isotropicGaussianIsTheAnisotropicOneAtEqualSigmasAndFiltersSeparably() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        io.srgan.core.data.FloatImage img = io.srgan.core.data.FloatImage.zeros(23, 30, 3);
        for (int i = 0; i < img.data().length; i++) img.data()[i] = (float) rng.nextDouble();
        for (int size = 7; size <= 21; size += 2) {
            for (double sigma : new double[] {0.2, 1.1, 3}) {
                Kernel2D iso = BlurKernels.isotropicGaussian(size, sigma);
                Kernel2D formula = BlurKernels.anisotropicGaussian(size, sigma, sigma, 0.7);
                for (int i = 0; i < size; i++) {
                    for (int j = 0; j < size; j++) assertEquals(formula.at(i, j), iso.at(i, j), 1e-7, size + "/" + sigma + " at " + i + "," + j);
                }
                float[] fast = Filter2D.apply(img, iso).data();
                float[] direct = Filter2D.apply(img, Kernel2D.of(size, iso.weights())).data(); // the same weights, 2-D path
                for (int i = 0; i < fast.length; i++) assertEquals(direct[i], fast[i], 1e-5, size + "/" + sigma + " at " + i);
            }
        }
    }

    @Test
    void anisotropicGaussianHasItsSigmasAlongItsRotatedAxes() {
        double sx = 3.0;
        double sy = 0.8;
        Kernel2D flat = BlurKernels.anisotropicGaussian(15, sx, sy, 0);
        Kernel2D turned = BlurKernels.anisotropicGaussian(15, sx, sy, Math.PI / 2);
        float c = flat.at(7, 7);
        // theta 0: sigma_x along columns (x), sigma_y along rows (y)
        assertEquals(Math.exp(-4.0 / (2 * sx * sx)), flat.at(7, 9) / c, 1e-5);
        assertEquals(Math.exp(-1.0 / (2 * sy * sy)), flat.at(8, 7) / c, 1e-4);
        // a quarter turn swaps the axes
        assertEquals(flat.at(7, 9), turned.at(9, 7), 1e-7);
        assertEquals(flat.at(8, 7), turned.at(7, 8), 1e-7);
        // 45 degrees: along the diagonal (x = y = 1, distance sqrt 2 on the sigma_x axis)
        Kernel2D diag = BlurKernels.anisotropicGaussian(15, sx, sy, Math.PI / 4);
        assertEquals(Math.exp(-2.0 / (2 * sx * sx)), diag.at(8, 8) / diag.at(7, 7), 1e-5);
        assertEquals(Math.exp(-2.0 / (2 * sy * sy)), diag.at(6, 8) / diag.at(7, 7), 1e-4);
    }

    @Test
    void generalizedGaussianAndPlateauFollowTheirClosedForms() {
        double sigma = 1.5;
        double beta = 2.5;
        Kernel2D g = BlurKernels.generalizedGaussian(13, sigma, sigma, 0, beta);
        Kernel2D p = BlurKernels.plateau(13, sigma, sigma, 0, beta);
        for (int[] at : new int[][] {{6, 7}, {4, 9}, {0, 6}, {12, 12}}) {
            double q = (sq(at[0] - 6) + sq(at[1] - 6)) / (sigma * sigma);
            assertEquals(Math.exp(-0.5 * Math.pow(q, beta)), g.at(at[0], at[1]) / g.at(6, 6), 1e-5);
            assertEquals(1 / (1 + Math.pow(q, beta)), p.at(at[0], at[1]) / p.at(6, 6), 1e-5);
        }
        // beta 1 generalized Gaussian is the Gaussian
        Kernel2D g1 = BlurKernels.generalizedGaussian(9, 1.2, 0.7, 0.4, 1);
        Kernel2D n = BlurKernels.anisotropicGaussian(9, 1.2, 0.7, 0.4);
        for (int i = 0; i < 81; i++) {
            assertEquals(n.at(i / 9, i % 9), g1.at(i / 9, i % 9), 1e-7);
        }
    }

    @Test
    void sincMatchesTheBesselFormulaByPowerSeries() {
        for (double cutoff : new double[] {Math.PI / 3, Math.PI / 2}) {
            int size = 21;
            int r = 10;
            Kernel2D k = BlurKernels.sinc(size, cutoff);
            double[] raw = new double[size * size];
            double sum = 0;
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    double d = Math.hypot(i - r, j - r);
                    raw[i * size + j] = d == 0 ? cutoff * cutoff / (4 * Math.PI) : cutoff * j1Series(cutoff * d) / (2 * Math.PI * d);
                    sum += raw[i * size + j];
                }
            }
            for (int i = 0; i < size * size; i++) {
                assertEquals(raw[i] / sum, k.at(i / size, i % size), 1e-6, "cutoff " + cutoff + " at " + i);
            }
        }
    }

    @Test
    void besselJ1AgreesWithItsSeriesAndKnownZero() {
        for (double x = 0; x <= 20; x += 0.37) {
            assertEquals(j1Series(x), BlurKernels.besselJ1(x), 1e-9, "x=" + x);
        }
        assertEquals(0, BlurKernels.besselJ1(3.8317059702075125), 1e-13); // first zero of J1
        assertEquals(0, BlurKernels.besselJ1(38.474766234771615), 1e-13); // 12th zero, beyond the series range
    }

    @Test
    void badParametersAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BlurKernels.isotropicGaussian(8, 1)).getMessage().contains("odd"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BlurKernels.isotropicGaussian(7, 0)).getMessage().contains("sigma must be"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BlurKernels.sinc(7, 4)).getMessage().contains("cutoff"));
        assertThrows(IllegalArgumentException.class, () -> BlurKernels.plateau(7, 1, 1, 0, -1));
    }

    /** J1(x) = Σ (−1)^m (x/2)^(2m+1) / (m! (m+1)!), fine in double up to x ≈ 20. */
    static double j1Series(double x) {
        double term = x / 2;
        double sum = term;
        for (int m = 1; m < 80; m++) {
            term *= -(x / 2) * (x / 2) / (m * (m + 1.0));
            sum += term;
        }
        return sum;
    }

    private static void assertSumOne(Kernel2D k) {
        assertEquals(1.0, k.sum(), TOL * k.size());
        for (float w : k.weights()) {
            assertTrue(Float.isFinite(w));
        }
    }

    private static double sq(double v) {
        return v * v;
    }
}
