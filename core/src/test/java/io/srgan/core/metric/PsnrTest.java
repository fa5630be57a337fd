package io.srgan.core.metric;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PsnrTest {
    @Test
    void constantOffsetGivesTwentyLogOfPeakOverOffset() {
        YPlane a = constant(6, 7, 100);
        YPlane b = constant(6, 7, 105);
        assertEquals(20 * Math.log10(255.0 / 5), Psnr.of(a, b), 1e-12);   // 34.1514 dB
        assertEquals(Psnr.of(a, b), Psnr.of(b, a));
    }

    @Test
    void mseOfMixedErrorsIsTheMeanSquare() {
        // errors 0, 2, 4, 6 → MSE = (0 + 4 + 16 + 36) / 4 = 14
        YPlane a = new YPlane(2, 2, new double[]{10, 20, 30, 40});
        YPlane b = new YPlane(2, 2, new double[]{10, 22, 26, 46});
        assertEquals(10 * Math.log10(255.0 * 255.0 / 14), Psnr.of(a, b), 1e-12);
    }

    @Test
    void identicalIsInfinite() {
        assertEquals(Double.POSITIVE_INFINITY, Psnr.of(constant(3, 3, 42), constant(3, 3, 42)));
    }

    @Test
    void sizesMustMatch() {
        assertThrows(IllegalArgumentException.class, () -> Psnr.of(constant(3, 4, 0), constant(4, 3, 0)));
    }

    static YPlane constant(int h, int w, double v) {
        double[] values = new double[h * w];
        Arrays.fill(values, v);
        return new YPlane(h, w, values);
    }
}
