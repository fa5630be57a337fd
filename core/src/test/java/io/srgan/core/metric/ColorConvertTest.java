package io.srgan.core.metric;

import io.srgan.core.data.FloatImage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ColorConvertTest {
    /** Black, white, pure red, green and blue: Y = 16, 235, 16 + 65.481, 16 + 128.553, 16 + 24.966. */
    @Test
    void bt601StudioRangeY() {
        FloatImage rgb = new FloatImage(1, 5, 3, new float[]{0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1});
        double[] expected = {16, 235, 81.481, 144.553, 40.966};
        assertArrayEquals(expected, ColorConvert.rgbToY(rgb, true).values(), 1e-12);
        assertArrayEquals(expected, ColorConvert.rgbToY(rgb, false).values(), 1e-12);
    }

    @Test
    void quantisationTakesSamplesToTheirEightBitLevel() {
        FloatImage rgb = new FloatImage(1, 1, 3, new float[]{100.4f / 255, 100.4f / 255, 100.4f / 255});
        assertEquals(16 + 219 * 100 / 255.0, ColorConvert.rgbToY(rgb, true).values()[0], 1e-12);
        assertEquals(16 + 219 * 100.4 / 255.0, ColorConvert.rgbToY(rgb, false).values()[0], 1e-4);
    }

    @Test
    void grayIsDirectOrReplicatedAndFullRangeLumaOfGrayIsTheGray() {
        FloatImage gray = new FloatImage(1, 2, 1, new float[]{0.5f, 1f});
        assertArrayEquals(new double[]{128, 255}, ColorConvert.grayToY(gray, true).values());
        assertArrayEquals(new double[]{16 + 219 * 128 / 255.0, 235}, ColorConvert.grayToYReplicated(gray, true).values(), 1e-12);
        FloatImage rgbGray = new FloatImage(1, 1, 3, new float[]{0.5f, 0.5f, 0.5f});
        assertEquals(128, ColorConvert.rgbToFullRangeLuma(rgbGray, true).values()[0], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ColorConvert.rgbToY(gray, true));
    }
}
