package io.srgan.core.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder();

    // ---------------------------------------------------------------- bad input

    @Test
    void rejectsACorpusOfBadFilesNamingTheFileAndTheReason(@TempDir Path dir) throws IOException {
        byte[] png = PngBytes.png(64, 64, PngBytes.RGB, 8, noise(64 * 64 * 3, 255, 1));
        byte[] jpeg = imageIoBytes(noiseImage(64, 64, BufferedImage.TYPE_3BYTE_BGR), "jpeg");
        expectInvalid(dir, "truncated.png", Arrays.copyOf(png, png.length / 2), "corrupt or truncated png data");
        expectInvalid(dir, "truncated.jpg", Arrays.copyOf(jpeg, jpeg.length / 2), "corrupt or truncated jpeg data");
        expectInvalid(dir, "text.png", "this is not an image\n".getBytes(StandardCharsets.UTF_8), "not an image");
        expectInvalid(dir, "empty.png", new byte[0], "empty file");
        expectInvalid(dir, "huge.png", PngBytes.headerOnly(100_000, 100_000),
                "size 100000x100000 exceeds the limit of 65535 pixels per side");
        expectInvalid(dir, "many-pixels.png", PngBytes.headerOnly(60_000, 60_000),
                "= 3600000000 pixels exceeds the limit of 100000000 (ImageLimits.maxPixels)");
        expectInvalid(dir, "signature-only.png", Arrays.copyOf(png, 8), "unreadable png header");
        expectInvalid(dir, "picture.gif", imageIoBytes(noiseImage(8, 8, BufferedImage.TYPE_BYTE_INDEXED), "gif"),
                "gif images are not supported (supported: png, jpeg, bmp, tiff)");
    }

    @Test
    void rejectsUnsupportedColourModesAndSampleTypes() throws IOException {
        byte[] cmykAlpha = TiffBytes.tiff(2, 2, TiffBytes.SEPARATED, 5, 8, TiffBytes.SAMPLE_UINT, new byte[20]);
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> decoder.decode(cmykAlpha, "print.tif"));
        assertTrue(e.reason().startsWith("unsupported colour mode: CMYK+alpha"), e.reason());

        byte[] floats = TiffBytes.tiff(2, 2, TiffBytes.BLACK_IS_ZERO, 1, 32, TiffBytes.SAMPLE_FLOAT, new byte[16]);
        e = assertThrows(InvalidImageException.class, () -> decoder.decode(floats, "hdr.tif"));
        assertTrue(e.reason().startsWith("unsupported sample layout") && e.reason().contains("float"), e.reason());

        // the same writer with 8-bit gray is accepted, so the rejections above are about the mode
        byte[] gray = TiffBytes.tiff(2, 2, TiffBytes.BLACK_IS_ZERO, 1, 8, TiffBytes.SAMPLE_UINT, new byte[]{0, 85, (byte) 170, (byte) 255});
        DecodedImage ok = decoder.decode(gray, "gray.tif");
        assertEquals(ColourMode.GRAY, ok.mode());
        assertArrayEquals(new int[]{0, 85, 170, 255}, Quantizer.levels8(ok.colour()));
    }

    /** The size check uses the header only: a forged IHDR never reaches pixel allocation. */
    @Test
    void checksForgedHeaderBeforeAllocating() throws IOException {
        ImageDecoder strict = new ImageDecoder(new ImageLimits(100, 20));
        byte[] wide = PngBytes.png(30, 2, PngBytes.GRAY, 8, new int[60]);
        byte[] square = PngBytes.png(15, 15, PngBytes.GRAY, 8, new int[225]);
        assertTrue(assertThrows(InvalidImageException.class, () -> strict.decode(wide, "wide"))
                .reason().contains("per side"));
        assertTrue(assertThrows(InvalidImageException.class, () -> strict.decode(square, "square"))
                .reason().contains("225 pixels exceeds the limit of 100"));
        assertEquals(10, strict.decode(PngBytes.png(10, 10, PngBytes.GRAY, 8, new int[100]), "ok").width());
        // a 2^31-pixel claim in a 60-byte file: if anything allocated for it, this would run out of heap
        long start = System.nanoTime();
        assertThrows(InvalidImageException.class, () -> decoder.decode(PngBytes.headerOnly(65_535, 65_535), "forged"));
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "header rejection must be immediate");
    }

    @Test
    void aFailingStreamIsAnIoErrorNotABadImage() {
        byte[] png = PngBytes.png(64, 64, PngBytes.RGB, 8, noise(64 * 64 * 3, 255, 2));
        InputStream failing = new InputStream() {
            int served;

            @Override
            public int read() throws IOException {
                if (served >= 100) {
                    throw new IOException("connection reset");
                }
                return png[served++] & 0xff;
            }
        };
        IOException e = assertThrows(IOException.class, () -> decoder.decode(failing, "remote.png"));
        assertFalse(e instanceof InvalidImageException, "got " + e);
        assertEquals("connection reset", e.getMessage());
    }

    @Test
    void imageLimitsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new ImageLimits(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new ImageLimits(ImageLimits.MAX_PIXELS_CEILING + 1, 10));
        assertThrows(IllegalArgumentException.class, () -> new ImageLimits(10, 0));
    }

    // ---------------------------------------------------------------- good input

    @Test
    void decodesEveryPngModeAndDepthExactly() throws IOException {
        for (int depth : new int[]{8, 16}) {
            int max = (1 << depth) - 1;
            for (ColourMode mode : ColourMode.values()) {
                int channels = mode.colourChannels() + (mode.hasAlpha() ? 1 : 0);
                int[] samples = noise(5 * 7 * channels, max, depth * 10 + mode.ordinal());
                samples[0] = max;                           // make sure the extremes are in
                samples[1] = 0;
                DecodedImage d = decoder.decode(PngBytes.png(7, 5, pngColourType(mode), depth, samples), mode + "-" + depth);
                assertEquals(mode, d.mode());
                assertEquals(depth, d.bitDepth());
                assertEquals("png", d.format());
                assertEquals(5, d.height());
                assertEquals(7, d.width());
                assertEquals(mode.hasAlpha(), d.alpha().isPresent());
                for (int p = 0; p < 35; p++) {
                    for (int c = 0; c < 3; c++) {
                        int sample = samples[p * channels + (mode.isGray() ? 0 : c)];
                        assertEquals(sample / (float) max, d.rgb().data()[p * 3 + c], mode + " " + depth + " pixel " + p);
                    }
                    if (mode.hasAlpha()) {
                        assertEquals(samples[p * channels + channels - 1] / (float) max, d.alpha().get().data()[p]);
                    }
                }
                assertEquals(mode.colourChannels(), d.colour().channels());
            }
        }
    }

    /** 16-bit samples keep all 16 bits: neighbouring levels stay distinct. */
    @Test
    void sixteenBitIsNotTruncatedToEight() throws IOException {
        int[] samples = {1000, 1001, 65534, 65535};
        DecodedImage d = decoder.decode(PngBytes.png(4, 1, PngBytes.GRAY, 16, samples), "deep");
        float[] rgb = d.rgb().data();
        for (int i = 0; i < 4; i++) {
            assertEquals(samples[i], Math.round(rgb[3 * i] * 65535.0));
        }
        assertTrue(rgb[3] > rgb[0]);
    }

    @Test
    void decodesPaletteWithTransparencyAndLowBitDepthGray() throws IOException {
        byte[] plte = {(byte) 255, 0, 0, 0, (byte) 128, 0, 10, 20, 30};
        byte[] trns = {(byte) 255, 0, (byte) 128};
        byte[] palette = PngBytes.png(3, 1, PngBytes.PALETTE, 8, new int[]{2, 0, 1},
                new byte[][]{PngBytes.chunk("PLTE", plte), PngBytes.chunk("tRNS", trns)});
        DecodedImage d = decoder.decode(palette, "palette.png");
        assertEquals(ColourMode.RGBA, d.mode());
        assertEquals(8, d.bitDepth());
        assertArrayEquals(new int[]{10, 20, 30, 255, 0, 0, 0, 128, 0}, Quantizer.levels8(d.rgb()));
        assertArrayEquals(new int[]{128, 255, 0}, Quantizer.levels8(d.alpha().get()));

        DecodedImage gray4 = decoder.decode(PngBytes.png(4, 1, PngBytes.GRAY, 4, new int[]{0, 1, 14, 15}), "gray4.png");
        assertEquals(ColourMode.GRAY, gray4.mode());
        assertArrayEquals(new int[]{0, 17, 238, 255}, Quantizer.levels8(gray4.colour()));
    }

    @Test
    void decodesBmpTiffAndJpeg() throws IOException {
        BufferedImage rgb = noiseImage(9, 6, BufferedImage.TYPE_3BYTE_BGR);
        int[] expected = levels(rgb);
        for (String format : new String[]{"bmp", "tiff"}) {
            DecodedImage d = decoder.decode(imageIoBytes(rgb, format), "x." + format);
            assertEquals(format, d.format());
            assertEquals(ColourMode.RGB, d.mode());
            assertArrayEquals(expected, Quantizer.levels8(d.rgb()), format);
        }

        BufferedImage gray16 = new BufferedImage(5, 4, BufferedImage.TYPE_USHORT_GRAY);
        int[] deep = noise(20, 65535, 7);
        gray16.getRaster().setPixels(0, 0, 5, 4, deep);
        DecodedImage tiff16 = decoder.decode(imageIoBytes(gray16, "tiff"), "deep.tiff");
        assertEquals(ColourMode.GRAY, tiff16.mode());
        assertEquals(16, tiff16.bitDepth());
        for (int i = 0; i < 20; i++) {
            assertEquals(deep[i], Math.round(tiff16.colour().data()[i] * 65535.0));
        }

        BufferedImage smooth = new BufferedImage(32, 16, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                smooth.setRGB(x, y, (x * 8) << 16 | (y * 16) << 8 | 128);
            }
        }
        DecodedImage jpeg = decoder.decode(imageIoBytes(smooth, "jpeg"), "smooth.jpg");
        assertEquals("jpeg", jpeg.format());
        assertEquals(ColourMode.RGB, jpeg.mode());
        int[] got = Quantizer.levels8(jpeg.rgb());
        int[] want = levels(smooth);
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(got[i] - want[i]) <= 12, "jpeg sample " + i + ": " + got[i] + " vs " + want[i]);
        }
    }

    @Test
    void decodesSharedGrayImageAsGrayReplicatedToRgb() throws IOException {
        DecodedImage bridge = decoder.decode(SharedData.data("Set14", "bridge.png"));
        assertEquals(ColourMode.GRAY, bridge.mode());
        assertEquals(512, bridge.width());
        float[] rgb = bridge.rgb().data();
        for (int i = 0; i < rgb.length; i += 3) {
            assertTrue(rgb[i] == rgb[i + 1] && rgb[i] == rgb[i + 2]);
        }
    }

    // ---------------------------------------------------------------- helpers

    private void expectInvalid(Path dir, String fileName, byte[] content, String reasonPart) throws IOException {
        Path file = dir.resolve(fileName);
        Files.write(file, content);
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> decoder.decode(file), fileName);
        assertEquals(file.toString(), e.fileName());
        assertTrue(e.reason().contains(reasonPart), fileName + ": reason was: " + e.reason());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        // the same through the byte[] entry point
        InvalidImageException fromBytes = assertThrows(InvalidImageException.class, () -> decoder.decode(content, fileName));
        assertEquals(fileName + ": " + fromBytes.reason(), fromBytes.getMessage());
    }

    static int pngColourType(ColourMode mode) {
        return switch (mode) {
            case GRAY -> PngBytes.GRAY;
            case GRAY_ALPHA -> PngBytes.GRAY_ALPHA;
            case RGB -> PngBytes.RGB;
            case RGBA -> PngBytes.RGBA;
        };
    }

    static int[] noise(int n, int max, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextInt(max + 1);
        }
        return out;
    }

    private static BufferedImage noiseImage(int w, int h, int type) {
        BufferedImage image = new BufferedImage(w, h, type);
        int[] values = noise(w * h, 0xffffff, w * 31L + h);
        image.setRGB(0, 0, w, h, values, 0, w);
        return image;
    }

    /** RGB levels, HWC. */
    private static int[] levels(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] out = new int[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                int p = (y * w + x) * 3;
                out[p] = (argb >> 16) & 0xff;
                out[p + 1] = (argb >> 8) & 0xff;
                out[p + 2] = argb & 0xff;
            }
        }
        return out;
    }

    private static byte[] imageIoBytes(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), "no ImageIO writer for " + format);
        return out.toByteArray();
    }
}
