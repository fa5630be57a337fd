package io.srgan.core.degrade;

import io.srgan.core.data.FloatImage;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterpolateTest {
    @Test
    void resizeOfAConstantIsTheConstant() {
        FloatImage flat = Filter2DTest.constant(23, 31, 3, 0.61f);
        for (ResizeMode mode : ResizeMode.values()) {
            for (int[] size : new int[][] {{5, 7}, {64, 40}, {23, 31}, {11, 47}}) {
                FloatImage out = Interpolate.toSize(flat, size[0], size[1], mode);
                assertEquals(size[0], out.height());
                assertEquals(size[1], out.width());
                for (float v : out.data()) {
                    assertEquals(0.61f, v, 1e-6, mode + " to " + size[0] + "x" + size[1]);
                }
            }
            FloatImage f = Interpolate.byFactor(flat, 0.37, mode);
            assertEquals(8, f.height()); // floor(23 * 0.37)
            assertEquals(11, f.width());
            for (float v : f.data()) {
                assertEquals(0.61f, v, 1e-6);
            }
        }
    }

    @Test
    void handComputedOneDimensionalCases() {
        // [0, 1, 2, 3] -> 2 wide. area: means of pairs; bilinear: source 0.5 and 2.5;
        // bicubic at t = 0.5, a = -0.75: weights (-0.09375, 0.59375, 0.59375, -0.09375), edge-clamped.
        FloatImage row = new FloatImage(1, 4, 1, new float[] {0, 1, 2, 3});
        assertArray(new float[] {0.5f, 2.5f}, Interpolate.toSize(row, 1, 2, ResizeMode.AREA));
        assertArray(new float[] {0.5f, 2.5f}, Interpolate.toSize(row, 1, 2, ResizeMode.BILINEAR));
        float left = (float) (-0.09375 * 0 + 0.59375 * 0 + 0.59375 * 1 - 0.09375 * 2);
        float right = (float) (-0.09375 * 1 + 0.59375 * 2 + 0.59375 * 3 - 0.09375 * 3);
        assertArray(new float[] {left, right}, Interpolate.toSize(row, 1, 2, ResizeMode.BICUBIC));
        // [0, 4] -> 4 wide, bilinear: sources -0.25 (clamped to 0), 0.25, 0.75, 1.25 (upper neighbour clamped)
        FloatImage two = new FloatImage(1, 2, 1, new float[] {0, 4});
        assertArray(new float[] {0, 1, 3, 4}, Interpolate.toSize(two, 1, 4, ResizeMode.BILINEAR));
        // area upscaling repeats: [0, 4] -> 4 wide
        assertArray(new float[] {0, 0, 4, 4}, Interpolate.toSize(two, 1, 4, ResizeMode.AREA));
    }

    @Test
    void matchesTorchInterpolate() throws IOException {
        FloatImage x = torchInput();
        int lines = 0;
        try (InputStream in = getClass().getResourceAsStream("interpolate_reference.txt")) {
            assertNotNull(in, "interpolate_reference.txt fixture missing");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                ResizeMode mode = ResizeMode.valueOf(f[1].toUpperCase(Locale.ROOT));
                int oh = Integer.parseInt(f[4]);
                int ow = Integer.parseInt(f[5]);
                FloatImage out = f[0].equals("size")
                        ? Interpolate.toSize(x, Integer.parseInt(f[2]), Integer.parseInt(f[3]), mode)
                        : Interpolate.byFactor(x, Double.parseDouble(f[2]), mode);
                assertEquals(oh, out.height(), line.substring(0, 30));
                assertEquals(ow, out.width(), line.substring(0, 30));
                assertEquals(oh * ow * 3, f.length - 6);
                for (int i = 0; i < oh * ow * 3; i++) {
                    assertEquals(Double.parseDouble(f[6 + i]), out.data()[i], 2e-6, f[0] + " " + f[1] + " " + f[2] + " at " + i);
                }
                lines++;
            }
        }
        assertEquals(27, lines);
    }

    @Test
    void emptyOutputsAreRefused() {
        FloatImage x = torchInput();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Interpolate.byFactor(x, 0.1, ResizeMode.AREA))
                .getMessage().contains("no pixels"));
        assertThrows(IllegalArgumentException.class, () -> Interpolate.toSize(x, 0, 3, ResizeMode.BICUBIC));
    }

    /** The fixture's input, x[c, y, x] = ((7y + 3x + 11c) mod 17) / 16, as 5 x 7 x 3 HWC. */
    private static FloatImage torchInput() {
        FloatImage x = FloatImage.zeros(5, 7, 3);
        for (int y = 0; y < 5; y++) {
            for (int xx = 0; xx < 7; xx++) {
                for (int c = 0; c < 3; c++) {
                    x.set(y, xx, c, ((7 * y + 3 * xx + 11 * c) % 17) / 16f);
                }
            }
        }
        return x;
    }

    private static void assertArray(float[] expected, FloatImage actual) {
        assertEquals(expected.length, actual.data().length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual.data()[i], 1e-6, "index " + i);
        }
    }
}
