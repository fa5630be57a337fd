package io.srgan.core.degrade;

import io.srgan.core.data.ColourMode;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.ImageEncoder;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JpegRoundTripTest {
    @Test
    void equalsTheProjectsImageIoRoundTripOfTheSameEightBitImage() throws Exception {
        FloatImage img = texture(40, 56, 1);
        for (int q : new int[] {30, 62, 95}) {
            FloatImage ours = JpegRoundTrip.apply(img, q);
            byte[] bytes = ImageEncoder.jpeg(img, ColourMode.RGB, q / 100f);
            FloatImage theirs = new ImageDecoder().decode(bytes, "q" + q + ".jpg").colour();
            assertArrayEquals(theirs.data(), ours.data(), "quality " + q);
        }
    }

    @Test
    void higherQualityIsCloserToTheInput() {
        // Colour: 4:2:0 loses the per-pixel chroma noise at any quality, so the gap is modest.
        FloatImage img = texture(64, 64, 2);
        double e30 = mse(img, JpegRoundTrip.apply(img, 30));
        double e95 = mse(img, JpegRoundTrip.apply(img, 95));
        assertTrue(e95 < e30, "colour mse q95 " + e95 + " vs q30 " + e30);
        // Gray (R = G = B): only luma quantisation is left, and it shrinks steeply with quality.
        FloatImage gray = FloatImage.zeros(64, 64, 3);
        for (int i = 0; i < gray.data().length; i++) {
            gray.data()[i] = img.data()[i - i % 3];
        }
        double g30 = mse(gray, JpegRoundTrip.apply(gray, 30));
        double g95 = mse(gray, JpegRoundTrip.apply(gray, 95));
        assertTrue(g95 < g30 / 4, "gray mse q95 " + g95 + " vs q30 " + g30);
        assertTrue(g95 > 0, "JPEG at 95 is still lossy");
    }

    @Test
    void outputIsOnTheEightBitGridAndInputIsClampedFirst() {
        FloatImage img = texture(24, 24, 3);
        float[] wild = img.data().clone();
        for (int i = 0; i < wild.length; i += 7) {
            wild[i] = i % 2 == 0 ? -0.3f : 1.4f;
        }
        float[] clamped = wild.clone();
        for (int i = 0; i < clamped.length; i++) {
            clamped[i] = Math.max(0f, Math.min(1f, clamped[i]));
        }
        FloatImage out = JpegRoundTrip.apply(new FloatImage(24, 24, 3, wild), 70);
        assertArrayEquals(JpegRoundTrip.apply(new FloatImage(24, 24, 3, clamped), 70).data(), out.data());
        for (float v : out.data()) {
            assertEquals(Math.rint(v * 255), v * 255, 1e-3);
        }
    }

    @Test
    void chromaIsSubsampledFourTwoZero() {
        byte[] jpeg = JpegRoundTrip.encode(texture(32, 32, 4), 80);
        int sof = -1;
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                sof = i;
                break;
            }
        }
        assertTrue(sof >= 0, "baseline SOF0 marker present");
        // FFC0, length(2), precision(1), height(2), width(2), components(1), then id, HV, table per component
        assertEquals(3, jpeg[sof + 9]);
        assertEquals(0x22, jpeg[sof + 11] & 0xFF, "Y sampled 2x2");
        assertEquals(0x11, jpeg[sof + 14] & 0xFF, "Cb sampled 1x1");
        assertEquals(0x11, jpeg[sof + 17] & 0xFF, "Cr sampled 1x1");
    }

    @Test
    void quantisationTablesAreTheIjgScaledStandardTables() {
        // IJG: factor 5000/q % below 50, (200 - 2q) % above; entry = round(base * factor), in [1, 255].
        // DC bases: luma 16, chroma 17; the last zigzag entries: luma 99, chroma 99.
        for (double q : new double[] {30, 62.5, 95}) {
            double f = (q < 50 ? 5000 / q : 200 - 2 * q) / 100;
            int[][] tables = dqt(JpegRoundTrip.encode(texture(16, 16, 5), q));
            assertEquals(ijg(16, f), tables[0][0], "luma DC at q " + q);
            assertEquals(ijg(99, f), tables[0][63], "luma last at q " + q);
            assertEquals(ijg(17, f), tables[1][0], "chroma DC at q " + q);
            assertEquals(ijg(99, f), tables[1][63], "chroma last at q " + q);
        }
    }

    private static int ijg(int base, double factor) {
        return (int) Math.max(1, Math.min(255, Math.floor(base * factor + 0.5)));
    }

    /** The 8-bit quantisation tables 0 and 1 of a JPEG, in zigzag order. */
    private static int[][] dqt(byte[] jpeg) {
        int[][] tables = new int[2][];
        for (int i = 0; i + 3 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xDB) {
                int len = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
                for (int p = i + 4; p < i + 2 + len; p += 65) {
                    assertEquals(0, (jpeg[p] & 0xF0) >> 4, "8-bit table");
                    int[] t = new int[64];
                    for (int k = 0; k < 64; k++) {
                        t[k] = jpeg[p + 1 + k] & 0xFF;
                    }
                    tables[jpeg[p] & 0x0F] = t;
                }
            }
        }
        assertTrue(tables[0] != null && tables[1] != null, "two quantisation tables");
        return tables;
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> JpegRoundTrip.apply(texture(8, 8, 1), 0.5));
        assertThrows(IllegalArgumentException.class, () -> JpegRoundTrip.apply(Filter2DTest.constant(8, 8, 1, 0f), 50));
    }

    /** Smooth colour gradients plus 8-bit noise, already on the 8-bit grid. */
    static FloatImage texture(int h, int w, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        FloatImage img = FloatImage.zeros(h, w, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 0.5 + 0.3 * Math.sin(0.21 * x + 0.13 * y + 2 * c) + 0.1 * (rng.nextDouble() - 0.5);
                    img.set(y, x, c, (float) (Math.rint(Math.max(0, Math.min(1, v)) * 255) / 255));
                }
            }
        }
        return img;
    }

    static double mse(FloatImage a, FloatImage b) {
        double s = 0;
        for (int i = 0; i < a.data().length; i++) {
            double d = a.data()[i] - b.data()[i];
            s += d * d;
        }
        return s / a.data().length;
    }
}
