package io.srgan.spark.exchange;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Float arrays in Java serialization as bulk bytes: {@code ObjectOutputStream} writes a
 * {@code float[]} element by element (measured ~0.7 GB/s here) and Spark moves whole states this
 * way every round (broadcasts, the exchange's slices); converting 64 KiB chunks through a byte
 * buffer runs at memory speed. Little-endian, preceded by the length.
 */
public final class FloatArrays {
    private static final int CHUNK = 1 << 14; // floats

    private FloatArrays() {}

    public static void write(ObjectOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer bytes = ByteBuffer.allocate(Math.min(CHUNK, values.length) * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < values.length; at += CHUNK) {
            int n = Math.min(CHUNK, values.length - at);
            bytes.clear();
            bytes.asFloatBuffer().put(values, at, n);
            out.write(bytes.array(), 0, n * Float.BYTES);
        }
    }

    public static float[] read(ObjectInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) throw new java.io.StreamCorruptedException("negative float array length " + length);
        float[] values = new float[length];
        byte[] chunk = new byte[Math.min(CHUNK, length) * Float.BYTES];
        ByteBuffer bytes = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < length; at += CHUNK) {
            int n = Math.min(CHUNK, length - at);
            in.readFully(chunk, 0, n * Float.BYTES);
            bytes.clear();
            bytes.asFloatBuffer().get(values, at, n);
        }
        return values;
    }
}
