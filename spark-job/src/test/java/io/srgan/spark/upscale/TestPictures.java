package io.srgan.spark.upscale;

import io.srgan.core.data.ColourMode;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageEncoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Image files for tests: good ones in every mode the product keeps, and a corpus of bad ones. */
public final class TestPictures {
    private TestPictures() {}

    /** A smooth pattern with noise, {@code channels} planes, values in [0, 1]. */
    public static FloatImage pattern(int height, int width, int channels, long seed) {
        Random rng = new Random(seed);
        float[] d = new float[height * width * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    double v = 0.5 + 0.35 * Math.sin((x + 3 * c) / 3.0) * Math.cos((y - 2 * c) / 4.0) + 0.1 * (rng.nextDouble() - 0.5);
                    d[(y * width + x) * channels + c] = (float) Math.min(1, Math.max(0, v));
                }
            }
        }
        return new FloatImage(height, width, channels, d);
    }

    public static byte[] png(int height, int width, ColourMode mode, int bitDepth, long seed) {
        FloatImage colour = pattern(height, width, mode.colourChannels(), seed);
        FloatImage alpha = mode.hasAlpha() ? pattern(height, width, 1, seed + 100) : null;
        return ImageEncoder.png(colour, alpha, mode, bitDepth);
    }

    public static byte[] jpeg(int height, int width, ColourMode mode, long seed) {
        return ImageEncoder.jpeg(pattern(height, width, mode.colourChannels(), seed), mode, 0.9f);
    }

    /** BMP or TIFF, 8-bit RGB, through ImageIO's writers. */
    public static byte[] imageIo(int height, int width, String format, long seed) {
        FloatImage rgb = pattern(height, width, 3, seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = Math.round(rgb.get(y, x, 0) * 255);
                int g = Math.round(rgb.get(y, x, 1) * 255);
                int b = Math.round(rgb.get(y, x, 2) * 255);
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) throw new IllegalStateException("no ImageIO writer for " + format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] truncated(byte[] file) {
        return Arrays.copyOf(file, file.length / 2);
    }

    public static byte[] text() {
        return "this is not an image\n".getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * An 8-bit RGB PNG of one colour, written directly (fast and small at any size: the rows deflate to
     * almost nothing), plain or interlaced (Adam7: every pass's rows, as a decoder must read them all).
     */
    public static byte[] flatRgbPng(int width, int height, boolean interlaced) {
        int[][] passes = interlaced
                ? new int[][] {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}}
                : new int[][] {{0, 0, 1, 1}};
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream deflate = new java.util.zip.DeflaterOutputStream(compressed)) {
            for (int[] p : passes) {
                int w = width > p[0] ? (width - p[0] + p[2] - 1) / p[2] : 0;
                int h = height > p[1] ? (height - p[1] + p[3] - 1) / p[3] : 0;
                if (w == 0 || h == 0) continue;
                byte[] row = new byte[1 + 3 * w]; // filter type 0, then the pixels
                for (int x = 0; x < w; x++) {
                    row[1 + 3 * x] = 90;
                    row[2 + 3 * x] = (byte) 140;
                    row[3 + 3 * x] = (byte) 200;
                }
                for (int y = 0; y < h; y++) deflate.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) (interlaced ? 1 : 0)).array());
        chunk(out, "IDAT", compressed.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A valid PNG signature and IHDR claiming {@code width × height}, then IEND: nothing to decode. */
    public static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /**
     * A CMYK JPEG as the JDK's writer stores a 4-band raster: samples inverted (255 − ink), the Adobe
     * convention the JDK's reader (like Pillow and browsers) assumes for every CMYK JPEG.
     */
    public static byte[] cmykJpeg(int height, int width, long seed) {
        FloatImage inks = pattern(height, width, 4, seed);
        java.awt.image.WritableRaster raster = java.awt.image.Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE,
                width, height, 4, null);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 4; c++) raster.setSample(x, y, c, 255 - Math.round(inks.get(y, x, c) * 255));
            }
        }
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new javax.imageio.IIOImage(raster, null, null), writer.getDefaultWriteParam());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** An uncompressed 8-bit CMYK + alpha TIFF (a colour mode the product does not support). */
    public static byte[] cmykAlphaTiff(int width, int height) {
        int samples = 5;
        int entries = 10;
        int bitsOffset = 8 + 2 + entries * 12 + 4;
        int data = bitsOffset + 2 * samples;
        int length = width * height * samples;
        ByteBuffer b = ByteBuffer.allocate(data + length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) entries);
        tiffEntry(b, 256, 4, 1, width);
        tiffEntry(b, 257, 4, 1, height);
        b.putShort((short) 258).putShort((short) 3).putInt(samples).putInt(bitsOffset); // BitsPerSample 8 each
        tiffEntry(b, 259, 3, 1, 1);       // no compression
        tiffEntry(b, 262, 3, 1, 5);       // separated (CMYK)
        tiffEntry(b, 273, 4, 1, data);    // strip offset
        tiffEntry(b, 277, 3, 1, samples); // samples per pixel
        tiffEntry(b, 278, 4, 1, height);  // rows per strip
        tiffEntry(b, 279, 4, 1, length);  // strip bytes
        tiffEntry(b, 338, 3, 1, 2);       // extra sample: unassociated alpha
        b.putInt(0);
        for (int i = 0; i < samples; i++) b.putShort((short) 8);
        b.put(new byte[length]);
        return b.array();
    }

    private static void tiffEntry(ByteBuffer b, int tag, int type, int count, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(count);
        if (type == 3) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt(value);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
