package io.srgan.core.degrade;

import io.srgan.core.data.FloatImage;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnsharpMaskTest {

    /** BasicSR's USMSharp in torch on the image usm_reference.py describes (usm_reference.txt). */
    @Test
    void equalsBasicSrsUsmSharpInTorch() throws Exception {
        int h = 30, w = 34;
        FloatImage img = FloatImage.zeros(h, w, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    img.set(y, x, c, (float) (x < 17 ? ((5 * y + 3 * x + 7 * c) % 23) / 22.0 : ((y * x + 2 * c) % 5) / 4.0));
                }
            }
        }
        String[] expected;
        try (InputStream in = getClass().getResourceAsStream("usm_reference.txt")) {
            assertNotNull(in, "usm_reference.txt fixture missing");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            r.readLine(); // provenance
            expected = r.readLine().trim().split(" ");
        }
        float[] out = UnsharpMask.realEsrgan().apply(img).data();
        assertEquals(expected.length, out.length);
        double maxDiff = 0;
        for (int i = 0; i < out.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(out[i] - Double.parseDouble(expected[i])));
        }
        assertTrue(maxDiff < 1e-5, "max |ours - torch| = " + maxDiff);
        // the image changed: the fixture is not the identity
        double moved = 0;
        for (int i = 0; i < out.length; i++) moved = Math.max(moved, Math.abs(out[i] - img.data()[i]));
        assertTrue(moved > 0.05, "sharpening moved values by at most " + moved);
    }

    @Test
    void openCvsKernelAndRulesOfTheSettings() {
        UnsharpMask usm = UnsharpMask.realEsrgan();
        assertEquals(51, usm.size());
        float[] taps = usm.taps();
        double sum = 0;
        for (float t : taps) sum += t;
        assertEquals(1.0, sum, 1e-6);
        double sigma = 0.3 * (25 - 1) + 0.8; // 8.0
        assertEquals(Math.exp(-25.0 * 25 / (2 * sigma * sigma)), taps[0] / taps[25], 1e-6);
        assertEquals(7, new UnsharpMask(0.5, 7, 10).size());
        assertThrows(IllegalArgumentException.class, () -> new UnsharpMask(-1, 50, 10));
        assertThrows(IllegalArgumentException.class, () -> new UnsharpMask(0.5, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new UnsharpMask(0.5, 50, Double.NaN));
        FloatImage flat = Filter2DTest.constant(40, 40, 3, 0.3f);
        float[] same = usm.apply(flat).data();
        for (float v : same) assertEquals(0.3f, v, 1e-6f, "a flat image has no edges");
    }

    /** The separable pass equals the 2-D filter with the outer-product kernel, reflect borders included. */
    @Test
    void separableFilterEqualsTheTwoDimensionalOne() {
        float[] taps = new UnsharpMask(0.5, 9, 10).taps();
        float[] k2 = new float[taps.length * taps.length];
        for (int i = 0; i < taps.length; i++) for (int j = 0; j < taps.length; j++) k2[i * taps.length + j] = taps[i] * taps[j];
        SplittableRandom rng = new SplittableRandom(3);
        for (int[] size : new int[][] {{20, 17}, {3, 5}, {1, 12}}) { // smaller than the kernel: the mirror repeats
            FloatImage img = FloatImage.zeros(size[0], size[1], 3);
            for (int i = 0; i < img.data().length; i++) img.data()[i] = (float) rng.nextDouble();
            float[] a = Filter2D.separable(img, taps).data();
            float[] b = Filter2D.apply(img, Kernel2D.of(taps.length, k2)).data();
            for (int i = 0; i < a.length; i++) assertEquals(b[i], a[i], 1e-5f, size[0] + "x" + size[1] + " at " + i);
        }
    }
}
