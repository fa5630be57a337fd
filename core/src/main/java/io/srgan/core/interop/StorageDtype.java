package io.srgan.core.interop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Element types a weight file may store, decoded to float32. Integer types are accepted because
 * state dicts carry small counters (BatchNorm's num_batches_tracked); they never feed a conv.
 */
enum StorageDtype {
    FLOAT32(4, "FloatStorage", "F32"),
    FLOAT16(2, "HalfStorage", "F16"),
    BFLOAT16(2, "BFloat16Storage", "BF16"),
    FLOAT64(8, "DoubleStorage", "F64"),
    INT64(8, "LongStorage", "I64"),
    INT32(4, "IntStorage", "I32");

    final int bytes;
    final String torchStorage;
    final String safetensorsName;

    StorageDtype(int bytes, String torchStorage, String safetensorsName) {
        this.bytes = bytes;
        this.torchStorage = torchStorage;
        this.safetensorsName = safetensorsName;
    }

    static Optional<StorageDtype> ofTorchStorage(String name) {
        for (StorageDtype d : values()) if (d.torchStorage.equals(name)) return Optional.of(d);
        return Optional.empty();
    }

    static Optional<StorageDtype> ofSafetensors(String name) {
        for (StorageDtype d : values()) if (d.safetensorsName.equals(name)) return Optional.of(d);
        return Optional.empty();
    }

    /** Element {@code index} of {@code raw} (in {@code order}) as a float. */
    float get(ByteBuffer raw, long index) {
        int at = Math.toIntExact(index * bytes);
        return switch (this) {
            case FLOAT32 -> raw.getFloat(at);
            case FLOAT16 -> halfToFloat(raw.getShort(at));
            case BFLOAT16 -> Float.intBitsToFloat((raw.getShort(at) & 0xffff) << 16);
            case FLOAT64 -> (float) raw.getDouble(at);
            case INT64 -> (float) raw.getLong(at);
            case INT32 -> (float) raw.getInt(at);
        };
    }

    static ByteBuffer wrap(byte[] raw, ByteOrder order) { return ByteBuffer.wrap(raw).order(order); }

    /** IEEE 754 binary16 → binary32, exact (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13)); // inf, NaN
        if (exp == 0) {
            if (mant == 0) return Float.intBitsToFloat(sign);
            float sub = mant * 0x1p-24f; // subnormal: mant · 2^-24
            return sign != 0 ? -sub : sub;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
