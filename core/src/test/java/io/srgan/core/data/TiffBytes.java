package io.srgan.core.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Minimal uncompressed single-strip little-endian TIFFs, for colour modes ImageIO cannot write. */
final class TiffBytes {
    static final int BLACK_IS_ZERO = 1;
    static final int SEPARATED = 5;      // CMYK
    static final int SAMPLE_UINT = 1;
    static final int SAMPLE_FLOAT = 3;

    private TiffBytes() {}

    /** {@code pixels} holds width·height·samplesPerPixel samples of {@code bits / 8} bytes, already laid out. */
    static byte[] tiff(int width, int height, int photometric, int samplesPerPixel, int bits, int sampleFormat, byte[] pixels) {
        int entries = 11;
        int ifdSize = 2 + entries * 12 + 4;
        int arrays = 8 + ifdSize;                            // BitsPerSample[], then SampleFormat[]
        int data = arrays + 4 * samplesPerPixel;
        ByteBuffer b = ByteBuffer.allocate(data + pixels.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        b.putShort((short) entries);
        entry(b, 256, 4, 1, width);
        entry(b, 257, 4, 1, height);
        shorts(b, 258, samplesPerPixel, bits, arrays);
        entry(b, 259, 3, 1, 1);                               // no compression
        entry(b, 262, 3, 1, photometric);
        entry(b, 273, 4, 1, data);
        entry(b, 277, 3, 1, samplesPerPixel);
        entry(b, 278, 4, 1, height);
        entry(b, 279, 4, 1, pixels.length);
        entry(b, 284, 3, 1, 1);                               // chunky
        shorts(b, 339, samplesPerPixel, sampleFormat, arrays + 2 * samplesPerPixel);
        b.putInt(0);
        for (int i = 0; i < samplesPerPixel; i++) {
            b.putShort((short) bits);
        }
        for (int i = 0; i < samplesPerPixel; i++) {
            b.putShort((short) sampleFormat);
        }
        b.put(pixels);
        return b.array();
    }

    private static void entry(ByteBuffer b, int tag, int type, int count, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(count);
        if (type == 3) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt(value);
        }
    }

    /** A SHORT array: inline when it fits 4 bytes, else at {@code offset}. */
    private static void shorts(ByteBuffer b, int tag, int count, int value, int offset) {
        if (count <= 2) {
            b.putShort((short) tag).putShort((short) 3).putInt(count).putShort((short) value)
                    .putShort((short) (count == 2 ? value : 0));
        } else {
            b.putShort((short) tag).putShort((short) 3).putInt(count).putInt(offset);
        }
    }
}
