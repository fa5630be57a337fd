package io.srgan.core.inference;

import java.util.Locale;

/**
 * The arithmetic inference runs in. fp32: this project's ND4J generator. bf16: the same generator
 * with its convolutions' products in bf16, summed in fp32 ({@link Bf16Model}; oneDNN 2.5 on
 * AVX512_BF16 CPUs, fp32 with a warning elsewhere); no calibration, a few thousandths of a dB.
 * int8: the generator exported to ONNX, quantised with calibration and run by ONNX Runtime
 * ({@link io.srgan.core.inference.ort.Int8Quantization}).
 *
 * <p>No fp16: neither libnd4j 1.0.0-M2.1 (its half inputs fall to generic loops, 100–200x slower
 * than fp32, measured by core's PrecisionProbe) nor oneDNN on these CPUs runs fp16 convolutions fast.
 */
public enum Precision {
    FP32, BF16, INT8;

    /** "fp32", "bf16" or "int8"; fp16 and anything else is refused, saying why. */
    public static Precision parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "fp32", "float32", "float" -> FP32;
            case "bf16", "bfloat16" -> BF16;
            case "int8" -> INT8;
            case "fp16", "half", "float16" -> throw new IllegalArgumentException("precision " + s
                    + " is not available: neither libnd4j 1.0.0-M2.1 nor oneDNN on these CPUs has fast " + v
                    + " convolutions; use bf16 (about 1.6x fp32's speed), int8 (about 2x) or fp32");
            default -> throw new IllegalArgumentException("precision must be fp32, bf16 or int8, got \"" + s + "\"");
        };
    }

    public String label() { return name().toLowerCase(Locale.ROOT); }
}
