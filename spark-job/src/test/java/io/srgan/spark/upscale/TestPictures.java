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

    /** A valid PNG signature and IHDR claiming {@code width × height}, then IEND: nothing to decode. */
    public static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** An uncompressed 8-bit CMYK TIFF (a colour mode the product does not support). */
    public static byte[] cmykTiff(int width, int height) {
        int entries = 9;
        int bitsOffset = 8 + 2 + entries * 12 + 4;
        int data = bitsOffset + 8;
        int length = width * height * 4;
        ByteBuffer b = ByteBuffer.allocate(data + length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) entries);
        tiffEntry(b, 256, 4, 1, width);
        tiffEntry(b, 257, 4, 1, height);
        b.putShort((short) 258).putShort((short) 3).putInt(4).putInt(bitsOffset); // BitsPerSample 8,8,8,8
        tiffEntry(b, 259, 3, 1, 1);      // no compression
        tiffEntry(b, 262, 3, 1, 5);      // separated (CMYK)
        tiffEntry(b, 273, 4, 1, data);   // strip offset
        tiffEntry(b, 277, 3, 1, 4);      // samples per pixel
        tiffEntry(b, 278, 4, 1, height); // rows per strip
        tiffEntry(b, 279, 4, 1, length); // strip bytes
        b.putInt(0);
        for (int i = 0; i < 4; i++) b.putShort((short) 8);
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
