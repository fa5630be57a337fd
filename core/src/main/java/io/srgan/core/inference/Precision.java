package io.srgan.core.inference;

import java.util.Locale;

/**
 * The arithmetic inference runs in. fp32: this project's ND4J generator. int8: the generator
 * exported to ONNX, quantised with calibration and run by ONNX Runtime
 * ({@link io.srgan.core.inference.ort.Int8Quantization}).
 *
 * <p>No bf16: libnd4j 1.0.0-M2.1's oneDNN path runs conv2d in fp32 only (bf16 and half inputs fall to
 * its generic loops, 100–200x slower, measured by core's PrecisionProbe), and ONNX Runtime's CPU
 * provider has no bf16 convolution; int8 (u8 × s8 with int32 sums, VNNI) is the reduced precision
 * these CPUs run fast.
 */
public enum Precision {
    FP32, INT8;

    /** "fp32" or "int8"; "bf16" and anything else is refused, saying why. */
    public static Precision parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "fp32", "float32", "float" -> FP32;
            case "int8" -> INT8;
            case "bf16", "bfloat16", "fp16", "half" -> throw new IllegalArgumentException("precision " + s
                    + " is not available: neither libnd4j 1.0.0-M2.1 nor ONNX Runtime's CPU provider has fast " + v
                    + " convolutions (measured 100-200x slower than fp32 in libnd4j); use int8 (about 2x fp32's speed) or fp32");
            default -> throw new IllegalArgumentException("precision must be fp32 or int8, got \"" + s + "\"");
        };
    }

    public String label() { return name().toLowerCase(Locale.ROOT); }
}
