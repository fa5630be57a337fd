package io.srgan.spark.upscale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.data.ColourMode;
import io.srgan.core.data.DecodedImage;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.ImageLimits;
import io.srgan.core.data.InvalidImageException;
import io.srgan.spark.testing.BuildDirs;
import io.srgan.spark.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;

/** Inputs read band by band (ImageIO regions) or streamed (PNG) give exactly what ImageDecoder gives for the whole file. */
class RegionInputTest {
    private static final FileSystem LOCAL = localFs();

    private static FileSystem localFs() {
        try {
            return FileSystem.getLocal(new Configuration()).getRawFileSystem();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void bandsOfEveryFormatEqualTheWholeImageDecode() throws IOException {
        Path dir = BuildDirs.newFolder("region-input", "formats-");
        Map<String, byte[]> files = Map.of(
                "rgb.jpg", TestPictures.jpeg(61, 37, ColourMode.RGB, 1),
                "gray.jpg", TestPictures.jpeg(50, 41, ColourMode.GRAY, 2),
                "scan.bmp", TestPictures.imageIo(45, 33, "bmp", 3),
                "page.tif", TestPictures.imageIo(52, 30, "tiff", 4),
                "rgba16.png", TestPictures.png(47, 29, ColourMode.RGBA, 16, 5),
                "gray-alpha.png", TestPictures.png(40, 31, ColourMode.GRAY_ALPHA, 8, 6));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path file = Files.write(dir.resolve(f.getKey()), f.getValue());
            DecodedImage whole = new ImageDecoder().decode(file);
            FloatImage expected = rgbAndAlpha(whole);
            // bands of 7 rows at most (a tiny byte budget), strips overlapping as the tiled upscaler asks for them
            try (InputImage input = InputImages.open(LOCAL, path(file), f.getKey(), ImageLimits.DEFAULT, 7L * 24 * whole.width())) {
                assertEquals(whole.mode(), input.mode(), f.getKey());
                assertEquals(whole.bitDepth(), input.bitDepth(), f.getKey());
                assertEquals(expected.channels(), input.channels(), f.getKey());
                int[][] reads = {{0, 12}, {5, 15}, {18, 9}, {18, 20}, {input.height() - 3, 3}};
                for (int[] read : reads) {
                    assertArrayEquals(expected.crop(read[0], 0, read[1], whole.width()).data(), input.readRows(read[0], read[1]).data(),
                            f.getKey() + " rows " + read[0] + "+" + read[1]);
                }
            }
        }
    }

    @Test
    void aJpegTruncatedInALaterBandFailsThereAsCorrupt() throws IOException {
        Path dir = BuildDirs.newFolder("region-input", "truncated-");
        byte[] jpeg = TestPictures.jpeg(120, 64, ColourMode.RGB, 7);
        Path file = Files.write(dir.resolve("cut.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length * 2 / 3));
        try (InputImage input = InputImages.open(LOCAL, path(file), "cut.jpg", ImageLimits.DEFAULT, 8L * 24 * 64)) {
            InvalidImageException e = assertThrows(InvalidImageException.class, () -> {
                for (int y = 0; y < 120; y += 8) input.readRows(y, 8);
            });
            assertTrue(e.reason().startsWith("corrupt or truncated jpeg data"), e.reason());
        }
    }

    /**
     * A 30-megapixel JPEG read strip by strip in a JVM whose heap could not hold it decoded (12 bytes
     * per pixel as floats: 360 MB): band reading keeps memory bounded.
     */
    @Test
    void aLargeJpegIsReadInAHeapTooSmallToHoldIt() throws Exception {
        Path dir = BuildDirs.newFolder("region-input", "large-");
        Path file = dir.resolve("large.jpg");
        LargeImages.writeJpeg(file, 6000, 5000);
        Process child = ChildJvm.command("128m", java.util.List.of(), LargeImages.class.getName(),
                java.util.List.of(file.toString(), "100"), dir.resolve("child.log")).start();
        assertEquals(0, child.waitFor(), "reading in a 128 MB heap failed; see " + dir.resolve("child.log") + ":\n"
                + Files.readString(dir.resolve("child.log")));
        assertTrue(Files.readString(dir.resolve("child.log")).contains("read 5000 rows of 6000"));
    }

    private static FloatImage rgbAndAlpha(DecodedImage image) {
        if (image.alpha().isEmpty()) return image.rgb();
        FloatImage out = FloatImage.zeros(image.height(), image.width(), 4);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                for (int c = 0; c < 3; c++) out.set(y, x, c, image.rgb().get(y, x, c));
                out.set(y, x, 3, image.alpha().get().get(y, x, 0));
            }
        }
        return out;
    }

    private static org.apache.hadoop.fs.Path path(Path file) {
        return new org.apache.hadoop.fs.Path(file.toUri());
    }
}
