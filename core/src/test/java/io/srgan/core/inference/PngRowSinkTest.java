package io.srgan.core.inference;

import io.srgan.core.data.ColourMode;
import io.srgan.core.data.FloatImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks what the sink writes with an independent decoder (javax.imageio). */
class PngRowSinkTest {
    @TempDir
    Path dir;

    @Test
    void eightBitRgbIsClampedAndRoundedPerBlock() throws IOException {
        Path file = dir.resolve("rgb8.png");
        try (PngRowSink sink = PngRowSink.toFile(file, 8)) {
            sink.begin(3, 2, 3);
            sink.writeRows(0, new FloatImage(1, 2, 3, new float[]{0f, 0.5f, 1f, -1f, 2f, Float.NaN}));
            sink.writeRows(1, new FloatImage(2, 2, 3, new float[]{
                    0.1f, 0.2f, 0.3f, 1f / 255, 0.499f / 255, 254.5f / 255,
                    0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f}));
            sink.end();
        }
        Raster r = ImageIO.read(file.toFile()).getRaster();
        assertEquals(2, r.getWidth());
        assertEquals(3, r.getHeight());
        assertEquals(3, r.getNumBands());
        assertPixel(r, 0, 0, 0, 128, 255);
        assertPixel(r, 1, 0, 0, 255, 0);
        assertPixel(r, 0, 1, 26, 51, 77);
        assertPixel(r, 1, 1, 1, 0, 255);
        assertPixel(r, 1, 2, 153, 128, 102);
    }

    @Test
    void sixteenBitRgbaKeepsFullPrecisionAndAlpha() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PngRowSink sink = PngRowSink.toStream(bytes, "memory", 16)) {
            sink.begin(1, 2, 4);
            sink.writeRows(0, new FloatImage(1, 2, 4, new float[]{0.25f, 0.5f, 0.75f, 1f, 1f / 65535, 0f, 1f, 0.5f}));
            sink.end();
        }
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(bytes.toByteArray()));
        Raster r = image.getRaster();
        assertTrue(image.getColorModel().hasAlpha());
        assertEquals(4, r.getNumBands());
        assertEquals(16, image.getColorModel().getComponentSize(0));
        int[] p0 = r.getPixel(0, 0, (int[]) null);
        int[] p1 = r.getPixel(1, 0, (int[]) null);
        assertEquals(java.util.List.of(16384, 32768, 49151, 65535), java.util.List.of(p0[0], p0[1], p0[2], p0[3]));
        assertEquals(java.util.List.of(1, 0, 65535, 32768), java.util.List.of(p1[0], p1[1], p1[2], p1[3]));
    }

    @Test
    void grayModesStoreOneSampleRAsGrayOrTheLuma() throws IOException {
        for (int bits : new int[]{8, 16}) {
            int max = (1 << bits) - 1;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (PngRowSink sink = PngRowSink.toStream(bytes, "gray", bits).withColourMode(ColourMode.GRAY)) {
                sink.begin(1, 2, 3);
                sink.writeRows(0, new FloatImage(1, 2, 3, new float[]{0.5f, 0.5f, 0.5f, 1f, 0.5f, 0f}));
                sink.end();
            }
            BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(bytes.toByteArray()));
            assertEquals(1, image.getRaster().getNumBands());
            assertEquals(bits, image.getColorModel().getComponentSize(0));
            assertEquals((int) (0.5f * max + 0.5f), image.getRaster().getSample(0, 0, 0), bits + "-bit R = G = B");
            float luma = (float) (0.299 + 0.587 * 0.5);
            assertEquals((int) (luma * max + 0.5f), image.getRaster().getSample(1, 0, 0), bits + "-bit luma");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PngRowSink sink = PngRowSink.toStream(bytes, "gray-alpha", 8).withColourMode(ColourMode.GRAY_ALPHA)) {
            sink.begin(1, 1, 4);
            sink.writeRows(0, new FloatImage(1, 1, 4, new float[]{0.2f, 0.2f, 0.2f, 0.6f}));
            sink.end();
        }
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(2, image.getRaster().getNumBands());
        assertTrue(image.getColorModel().hasAlpha());
        assertEquals(java.util.List.of(51, 153), java.util.List.of(image.getRaster().getSample(0, 0, 0), image.getRaster().getSample(0, 0, 1)));
    }

    @Test
    void aColourModeMustAgreeWithTheChannelsAboutAlpha() {
        PngRowSink sink = PngRowSink.toStream(new ByteArrayOutputStream(), "mismatch", 8).withColourMode(ColourMode.GRAY_ALPHA);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sink.begin(1, 1, 3));
        assertTrue(e.getMessage().contains("GRAY_ALPHA") && e.getMessage().contains("mismatch"), e.getMessage());
    }

    @Test
    void rejectsUnsupportedBitDepthAndIncompleteOutput() throws IOException {
        IllegalArgumentException depth = assertThrows(IllegalArgumentException.class, () -> PngRowSink.toFile(dir.resolve("x.png"), 12));
        assertTrue(depth.getMessage().contains("8 or 16"), depth.getMessage());
        Path file = dir.resolve("partial.png");
        try (PngRowSink sink = PngRowSink.toFile(file, 8)) {
            sink.begin(4, 2, 3);
            sink.writeRows(0, FloatImage.zeros(2, 2, 3));
            IllegalStateException e = assertThrows(IllegalStateException.class, sink::end);
            assertTrue(e.getMessage().contains("2 of 4 rows"), e.getMessage());
        }
        assertTrue(Files.exists(file), "an abandoned output stays, truncated, for the caller to delete");
    }

    private static void assertPixel(Raster r, int x, int y, int red, int green, int blue) {
        int[] p = r.getPixel(x, y, (int[]) null);
        assertEquals(java.util.List.of(red, green, blue), java.util.List.of(p[0], p[1], p[2]), "pixel " + x + "," + y);
    }
}
