package io.srgan.core.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageEncoderTest {
    private final ImageDecoder decoder = new ImageDecoder();

    /** PNG made independently of ImageIO → decode → encode → decode gives the same samples, mode and depth. */
    @Test
    void pngRoundTripsExactlyInEveryModeAndDepth() throws InvalidImageException {
        for (int depth : new int[]{8, 16}) {
            int max = (1 << depth) - 1;
            for (ColourMode mode : ColourMode.values()) {
                int channels = mode.colourChannels() + (mode.hasAlpha() ? 1 : 0);
                int[] samples = ImageDecoderTest.noise(13 * 11 * channels, max, depth + 100L * mode.ordinal());
                DecodedImage original = decoder.decode(
                        PngBytes.png(11, 13, ImageDecoderTest.pngColourType(mode), depth, samples), "original");
                DecodedImage again = decoder.decode(ImageEncoder.png(original), "again");
                String what = mode + " " + depth + "-bit";
                assertEquals(mode, again.mode(), what);
                assertEquals(depth, again.bitDepth(), what);
                assertArrayEquals(original.rgb().data(), again.rgb().data(), what);
                if (mode.hasAlpha()) {
                    assertArrayEquals(original.alpha().get().data(), again.alpha().get().data(), what);
                }
            }
        }
    }

    @Test
    void quantisesRoundHalfUpAndClamps() throws InvalidImageException {
        float[] values = {0.5f, -0.3f, 1.7f, 0.2f / 255f, 0.7f / 255f, 1f};
        FloatImage gray = new FloatImage(1, 6, 1, values);
        DecodedImage d8 = decoder.decode(ImageEncoder.png(gray, null, ColourMode.GRAY, 8), "q8");
        assertArrayEquals(new int[]{128, 0, 255, 0, 1, 255}, Quantizer.levels8(d8.colour()));
        DecodedImage d16 = decoder.decode(ImageEncoder.png(gray, null, ColourMode.GRAY, 16), "q16");
        float[] deep = d16.colour().data();
        assertEquals(32768, Math.round(deep[0] * 65535.0));     // 32767.5 rounds up
        assertEquals(0, Math.round(deep[1] * 65535.0));
        assertEquals(65535, Math.round(deep[2] * 65535.0));
        assertThrows(IllegalArgumentException.class,
                () -> ImageEncoder.png(new FloatImage(1, 1, 1, new float[]{Float.NaN}), null, ColourMode.GRAY, 8));
    }

    @Test
    void convertsBetweenGrayAndRgbWhenTheModeAsksForIt() throws InvalidImageException {
        FloatImage rgb = new FloatImage(1, 2, 3, new float[]{0.4f, 0.4f, 0.4f, 1f, 0f, 0f});
        DecodedImage gray = decoder.decode(ImageEncoder.png(rgb, null, ColourMode.GRAY, 8), "gray");
        assertEquals(ColourMode.GRAY, gray.mode());
        assertArrayEquals(new int[]{102, 76}, Quantizer.levels8(gray.colour()));   // 0.4·255 = 102; 0.299·255 = 76.2
        FloatImage plane = new FloatImage(1, 1, 1, new float[]{0.2f});
        DecodedImage replicated = decoder.decode(ImageEncoder.png(plane, null, ColourMode.RGB, 8), "rgb");
        assertArrayEquals(new int[]{51, 51, 51}, Quantizer.levels8(replicated.rgb()));
    }

    @Test
    void refusesAlphaMismatchesAndBadParameters() {
        FloatImage rgb = FloatImage.zeros(2, 2, 3);
        FloatImage alpha = FloatImage.zeros(2, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> ImageEncoder.png(rgb, null, ColourMode.RGBA, 8));
        assertThrows(IllegalArgumentException.class, () -> ImageEncoder.png(rgb, alpha, ColourMode.RGB, 8));
        assertThrows(IllegalArgumentException.class, () -> ImageEncoder.png(rgb, FloatImage.zeros(3, 2, 1), ColourMode.RGBA, 8));
        assertThrows(IllegalArgumentException.class, () -> ImageEncoder.png(rgb, null, ColourMode.RGB, 12));
        assertThrows(IllegalArgumentException.class, () -> ImageEncoder.jpeg(rgb, ColourMode.RGBA, 0.9f));
        assertThrows(IllegalArgumentException.class, () -> ImageEncoder.jpeg(rgb, ColourMode.RGB, 1.5f));
    }

    @Test
    void jpegIsCloseAndHigherQualityIsCloser() throws InvalidImageException {
        FloatImage image = FloatImage.zeros(32, 32, 3);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                image.set(y, x, 0, x / 31f);
                image.set(y, x, 1, y / 31f);
                image.set(y, x, 2, 0.5f);
            }
        }
        double errHigh = maxAbsDiff(image, decoder.decode(ImageEncoder.jpeg(image, ColourMode.RGB, 0.98f), "hi").rgb());
        double errLow = maxAbsDiff(image, decoder.decode(ImageEncoder.jpeg(image, ColourMode.RGB, 0.2f), "lo").rgb());
        assertTrue(errHigh < 6 / 255.0, "q=0.98 max error " + errHigh * 255);
        assertTrue(errLow > errHigh, "q=0.2 error " + errLow * 255 + " should exceed q=0.98 error " + errHigh * 255);
        DecodedImage gray = decoder.decode(ImageEncoder.jpeg(image, ColourMode.GRAY, 0.9f), "gray");
        assertEquals(ColourMode.GRAY, gray.mode());
        assertEquals("jpeg", gray.format());
    }

    private static double maxAbsDiff(FloatImage a, FloatImage b) {
        double max = 0;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
        }
        return max;
    }
}
