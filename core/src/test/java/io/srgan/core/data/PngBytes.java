package io.srgan.core.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A PNG writer written from the specification, independent of ImageIO, so decoder tests do not
 * check ImageIO against itself. Filter type 0 on every row, no interlacing.
 */
final class PngBytes {
    static final int GRAY = 0;
    static final int RGB = 2;
    static final int PALETTE = 3;
    static final int GRAY_ALPHA = 4;
    static final int RGBA = 6;

    private PngBytes() {}

    /**
     * @param samples row-major interleaved samples ({@code channels} per pixel), each < 2^bitDepth;
     *                for bit depths below 8, one sample per pixel packed MSB first
     */
    static byte[] png(int width, int height, int colourType, int bitDepth, int[] samples) {
        return png(width, height, colourType, bitDepth, samples, new byte[0][]);
    }

    /** As {@link #png(int, int, int, int, int[])} with extra chunks (type + data) before IDAT. */
    static byte[] png(int width, int height, int colourType, int bitDepth, int[] samples, byte[][] extraChunks) {
        int channels = switch (colourType) {
            case GRAY, PALETTE -> 1;
            case GRAY_ALPHA -> 2;
            case RGB -> 3;
            case RGBA -> 4;
            default -> throw new IllegalArgumentException("colour type " + colourType);
        };
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        int i = 0;
        for (int y = 0; y < height; y++) {
            raw.write(0); // filter: none
            if (bitDepth < 8) {
                int acc = 0;
                int bits = 0;
                for (int x = 0; x < width; x++) {
                    acc = (acc << bitDepth) | samples[i++];
                    bits += bitDepth;
                    if (bits == 8) {
                        raw.write(acc);
                        acc = 0;
                        bits = 0;
                    }
                }
                if (bits > 0) {
                    raw.write(acc << (8 - bits));
                }
            } else {
                for (int x = 0; x < width * channels; x++) {
                    int v = samples[i++];
                    if (bitDepth == 16) {
                        raw.write(v >>> 8);
                    }
                    raw.write(v & 0xff);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        writeChunk(out, "IHDR", ihdr(width, height, bitDepth, colourType));
        for (byte[] chunk : extraChunks) {
            writeChunk(out, new String(chunk, 0, 4, StandardCharsets.US_ASCII), Arrays.copyOfRange(chunk, 4, chunk.length));
        }
        writeChunk(out, "IDAT", deflate(raw.toByteArray()));
        writeChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A valid signature and IHDR claiming {@code width × height}, then a tiny IDAT and IEND. */
    static byte[] headerOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        writeChunk(out, "IHDR", ihdr(width, height, 8, RGB));
        writeChunk(out, "IDAT", deflate(new byte[16]));
        writeChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A chunk for {@code extraChunks}: 4-character type followed by its data. */
    static byte[] chunk(String type, byte[] data) {
        byte[] out = new byte[4 + data.length];
        System.arraycopy(type.getBytes(StandardCharsets.US_ASCII), 0, out, 0, 4);
        System.arraycopy(data, 0, out, 4, data.length);
        return out;
    }

    private static byte[] ihdr(int width, int height, int bitDepth, int colourType) {
        return ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) bitDepth).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0).array();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
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
