package io.srgan.core.inference;

import ar.com.hjg.pngj.ImageInfo;
import ar.com.hjg.pngj.ImageLineInt;
import ar.com.hjg.pngj.PngWriter;
import ar.com.hjg.pngj.chunks.PngChunkPLTE;
import io.srgan.core.data.ColourMode;
import io.srgan.core.data.FloatImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PngTileSourceTest {
    @TempDir
    Path dir;

    @Test
    void readsBackWhatTheSinkWroteInOverlappingForwardBlocks() throws IOException {
        for (int bits : new int[]{8, 16}) {
            for (int channels : new int[]{3, 4}) {
                FloatImage image = TestImages.noise(11, 7, channels, bits + channels);
                Path file = dir.resolve("in" + bits + "-" + channels + ".png");
                write(image, file, bits);
                float step = 1f / ((1 << bits) - 1);
                try (PngTileSource source = PngTileSource.open(file)) {
                    assertEquals(channels == 4 ? ColourMode.RGBA : ColourMode.RGB, source.mode());
                    assertEquals(bits, source.bitDepth());
                    assertEquals(11, source.height());
                    assertEquals(7, source.width());
                    assertEquals(channels, source.channels());
                    int[][] reads = {{0, 4}, {2, 5}, {2, 3}, {6, 5}, {10, 1}};
                    for (int[] read : reads) {
                        FloatImage rows = source.readRows(read[0], read[1]);
                        assertArrayEquals(image.crop(read[0], 0, read[1], 7).data(), rows.data(), step / 2 + 1e-6f,
                                bits + "-bit, " + channels + " channels, rows " + read[0] + "+" + read[1]);
                    }
                    IllegalArgumentException back = assertThrows(IllegalArgumentException.class, () -> source.readRows(9, 1));
                    assertTrue(back.getMessage().contains("forward-only"), back.getMessage());
                }
            }
        }
    }

    @Test
    void expandsPackedGreyToRgb() throws IOException {
        ImageInfo info = new ImageInfo(3, 1, 4, false, true, false);
        Path file = dir.resolve("grey4.png");
        PngWriter writer = new PngWriter(file.toFile(), info);
        writer.writeRowInt(new int[]{0, 5, 15});
        writer.end();
        try (PngTileSource source = PngTileSource.open(file)) {
            assertEquals(3, source.channels());
            assertEquals(ColourMode.GRAY, source.mode());
            assertEquals(8, source.bitDepth());
            float third = 5f / 15;
            assertArrayEquals(new float[]{0, 0, 0, third, third, third, 1, 1, 1}, source.readRows(0, 1).data(), 1e-6f);
        }
    }

    @Test
    void greyWithAlphaBecomesRgba() throws IOException {
        ImageInfo info = new ImageInfo(2, 1, 16, true, true, false);
        Path file = dir.resolve("grey-alpha16.png");
        PngWriter writer = new PngWriter(file.toFile(), info);
        writer.writeRowInt(new int[]{65535, 0, 13107, 65535});
        writer.end();
        try (PngTileSource source = PngTileSource.open(file)) {
            assertEquals(4, source.channels());
            assertEquals(ColourMode.GRAY_ALPHA, source.mode());
            assertEquals(16, source.bitDepth());
            assertArrayEquals(new float[]{1, 1, 1, 0, 0.2f, 0.2f, 0.2f, 1}, source.readRows(0, 1).data(), 1e-6f);
        }
    }

    @Test
    void looksUpPaletteColoursAndTheirAlpha() throws IOException {
        ImageInfo info = new ImageInfo(2, 1, 8, false, false, true);
        Path file = dir.resolve("palette.png");
        PngWriter writer = new PngWriter(file.toFile(), info);
        PngChunkPLTE palette = writer.getMetadata().createPLTEChunk();
        palette.setNentries(2);
        palette.setEntry(0, 255, 0, 0);
        palette.setEntry(1, 0, 51, 255);
        writer.getMetadata().createTRNSChunk().setPalletteAlpha(new int[]{255, 0});
        writer.writeRowInt(new int[]{1, 0});
        writer.end();
        try (PngTileSource source = PngTileSource.open(file)) {
            assertEquals(4, source.channels());
            assertEquals(ColourMode.RGBA, source.mode());
            assertArrayEquals(new float[]{0, 0.2f, 1, 0, 1, 0, 0, 1}, source.readRows(0, 1).data(), 1e-6f);
        }
    }

    @Test
    void anAllGrayPaletteIsGrayAsImageDecoderReportsIt() throws IOException {
        ImageInfo info = new ImageInfo(2, 1, 8, false, false, true);
        Path file = dir.resolve("gray-palette.png");
        PngWriter writer = new PngWriter(file.toFile(), info);
        PngChunkPLTE palette = writer.getMetadata().createPLTEChunk();
        palette.setNentries(2);
        palette.setEntry(0, 10, 10, 10);
        palette.setEntry(1, 200, 200, 200);
        writer.writeRowInt(new int[]{1, 0});
        writer.end();
        try (PngTileSource source = PngTileSource.open(file)) {
            assertEquals(ColourMode.GRAY, source.mode());
            assertEquals(new io.srgan.core.data.ImageDecoder().decode(file).mode(), source.mode());
        }
    }

    @Test
    void notAPngFailsNamingTheInput() {
        IOException e = assertThrows(IOException.class,
                () -> PngTileSource.read(new ByteArrayInputStream("GIF89a not a png".getBytes()), "upload-7"));
        assertTrue(e.getMessage().contains("upload-7"), e.getMessage());
    }

    @Test
    void truncatedPngFailsWithAnIoExceptionAtReadTime() throws IOException {
        Path file = dir.resolve("full.png");
        write(TestImages.noise(64, 64, 3, 1), file, 8);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.png");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        try (PngTileSource source = PngTileSource.open(cut)) {
            IOException e = assertThrows(IOException.class, () -> source.readRows(0, 64));
            assertTrue(e.getMessage().contains("cut.png"), e.getMessage());
        }
    }

    static void write(FloatImage image, Path file, int bits) throws IOException {
        try (PngRowSink sink = PngRowSink.toFile(file, bits)) {
            sink.begin(image.height(), image.width(), image.channels());
            sink.writeRows(0, image);
            sink.end();
        }
    }
}
