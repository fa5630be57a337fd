package io.srgan.core.inference;

import io.srgan.core.data.FloatImage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BilinearPlaneTest {

    @Test
    void halfPixelCentresWithRepeatedEdges() {
        FloatImage lr = new FloatImage(1, 2, 1, new float[]{0f, 1f});
        FloatImage out = FloatImage.zeros(2, 4, 1);
        BilinearPlane.upscale(lr, 0, 1, 0, 2, out, 0, 0);
        // x = 0..3 read LR positions -0.25, 0.25, 0.75, 1.25
        assertArrayEquals(new float[]{0f, 0.25f, 0.75f, 1f, 0f, 0.25f, 0.75f, 1f}, out.data(), 1e-6f);
    }

    @Test
    void bandsComputedFromTheirNeededRowsEqualTheWholePlane() {
        int h = 13, w = 9;
        for (int scale : new int[]{1, 2, 3, 4}) {
            FloatImage lr = TestImages.noise(h, w, 2, scale);
            FloatImage whole = FloatImage.zeros(h * scale, w * scale, 1);
            BilinearPlane.upscale(lr, 0, h, 1, scale, whole, 0, 0);
            for (int c0 = 0; c0 < h; c0++) {
                for (int c1 = c0 + 1; c1 <= h; c1++) {
                    Span band = new Span(c0 * scale, (c1 - c0) * scale);
                    Span rows = BilinearPlane.lrRowsNeeded(band, scale, h);
                    assertTrue(rows.start() >= Math.max(0, c0 - 1) && rows.end() <= Math.min(h, c1 + 1), rows + " for " + band);
                    FloatImage out = FloatImage.zeros(band.length(), w * scale, 1);
                    BilinearPlane.upscale(lr.crop(rows.start(), 0, rows.length(), w), rows.start(), h, 1, scale, out, band.start(), 0);
                    assertArrayEquals(whole.crop(band.start(), 0, band.length(), w * scale).data(), out.data(), 0f);
                }
            }
        }
    }

    @Test
    void constantPlaneStaysConstant() {
        FloatImage lr = FloatImage.zeros(5, 7, 1);
        java.util.Arrays.fill(lr.data(), 0.625f);
        FloatImage out = FloatImage.zeros(15, 21, 1);
        BilinearPlane.upscale(lr, 0, 5, 0, 3, out, 0, 0);
        for (float v : out.data()) {
            assertEquals(0.625f, v, 1e-6f);
        }
    }

    @Test
    void missingRowsAreReported() {
        FloatImage lr = TestImages.noise(3, 4, 1, 1);
        FloatImage out = FloatImage.zeros(4, 8, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BilinearPlane.upscale(lr, 5, 20, 0, 2, out, 8, 0));
        assertTrue(e.getMessage().contains("do not cover rows 3..7"), e.getMessage());
    }
}
