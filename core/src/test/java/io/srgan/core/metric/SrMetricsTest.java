package io.srgan.core.metric;

import io.srgan.core.data.FloatImage;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SrMetricsTest {
    /** RGB offset of 5 levels in every channel moves Y by 219·5/255. */
    @Test
    void constantRgbOffsetGivesKnownPsnr() {
        ImageScore s = SrMetrics.score("c", filled(40, 40, 3, 105), filled(40, 40, 3, 100), 4);
        assertEquals(20 * Math.log10(255.0 / (219.0 * 5 / 255.0)), s.psnrY(), 1e-9);
    }

    @Test
    void identicalIsInfiniteAndOne() {
        FloatImage hr = ramp(30, 30, 3);
        ImageScore s = SrMetrics.score("same", hr, hr, 2);
        assertEquals(Double.POSITIVE_INFINITY, s.psnrY());
        assertEquals(1.0, s.ssimY());
    }

    /** HR 43x42 at x4 is scored on 40x40 minus a 4-pixel border: changes outside that do not count. */
    @Test
    void cropsToMultipleOfScaleAndShavesScalePixels() {
        FloatImage hr = ramp(43, 42, 3);
        FloatImage sr = hr.crop(0, 0, 40, 41);               // wider than the crop is fine
        for (int i = 0; i < 40; i++) {
            for (int c = 0; c < 3; c++) {
                sr.set(i, 0, c, 0f);                          // column 0, row 39, column 36: inside the shave
                sr.set(39, i, c, 1f);
                sr.set(i, 36, c, 0f);
            }
        }
        assertEquals(Double.POSITIVE_INFINITY, SrMetrics.score("shaved", sr, hr, 4).psnrY());
        sr.set(20, 35, 1, 0f);                                // just inside the scored region
        assertTrue(SrMetrics.score("inside", sr, hr, 4).psnrY() < 80);
        assertThrows(IllegalArgumentException.class, () -> SrMetrics.score("small", hr.crop(0, 0, 39, 40), hr, 4));
    }

    /** The SR image is scored as the 8-bit image it would be saved as. */
    @Test
    void quantisesToEightBitsFirst() {
        FloatImage hr = filled(24, 24, 3, 100);
        FloatImage below = shifted(hr, 0.49f / 255);
        FloatImage above = shifted(hr, 0.51f / 255);
        assertEquals(Double.POSITIVE_INFINITY, SrMetrics.score("below", below, hr, 2).psnrY());
        assertEquals(20 * Math.log10(255.0 / (219.0 / 255.0)), SrMetrics.score("above", above, hr, 2).psnrY(), 1e-9);
    }

    @Test
    void grayGroundTruthFollowsThePolicy() {
        FloatImage hr = filled(30, 30, 1, 100);
        FloatImage srGray = filled(30, 30, 1, 104);
        FloatImage srRgb = filled(30, 30, 3, 104);
        double direct = 20 * Math.log10(255.0 / 4);
        double replicated = 20 * Math.log10(255.0 / (219.0 * 4 / 255.0));
        assertEquals(direct, SrMetrics.score("g", srGray, hr, 3).psnrY(), 1e-9);
        assertEquals(direct, SrMetrics.score("g", srRgb, hr, 3, GrayPolicy.DIRECT).psnrY(), 1e-9);
        assertEquals(replicated, SrMetrics.score("g", srGray, hr, 3, GrayPolicy.REPLICATE).psnrY(), 1e-9);
        assertEquals(replicated, SrMetrics.score("g", srRgb, hr, 3, GrayPolicy.REPLICATE).psnrY(), 1e-9);
        // a gray output for an RGB ground truth is R = G = B
        assertEquals(replicated, SrMetrics.score("g", srGray, filled(30, 30, 3, 100), 3).psnrY(), 1e-9);
    }

    @Test
    void datasetScoreIsThePlainMean() {
        DatasetScore d = new DatasetScore(List.of(new ImageScore("a", 30, 0.8), new ImageScore("b", 32, 0.9)));
        assertEquals(31, d.meanPsnrY(), 1e-12);
        assertEquals(0.85, d.meanSsimY(), 1e-12);
        assertEquals(2, d.size());
        assertThrows(IllegalArgumentException.class, () -> new DatasetScore(List.of()));
    }

    private static FloatImage filled(int h, int w, int c, int level) {
        float[] data = new float[h * w * c];
        Arrays.fill(data, level / 255f);
        return new FloatImage(h, w, c, data);
    }

    private static FloatImage ramp(int h, int w, int c) {
        FloatImage image = FloatImage.zeros(h, w, c);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    image.set(y, x, ch, ((y * 7 + x * 3 + ch * 50) % 256) / 255f);
                }
            }
        }
        return image;
    }

    private static FloatImage shifted(FloatImage image, float delta) {
        float[] data = image.data().clone();
        for (int i = 0; i < data.length; i++) {
            data[i] += delta;
        }
        return new FloatImage(image.height(), image.width(), image.channels(), data);
    }
}
