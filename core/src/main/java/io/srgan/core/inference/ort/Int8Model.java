package io.srgan.core.inference.ort;

import java.io.Serializable;

/**
 * A generator quantised to int8 ({@link Int8Quantization}), as bytes that travel (a broadcast) and
 * build an {@link OrtSrModel} anywhere.
 *
 * @param onnx             the QDQ model
 * @param tiles            how many calibration crops set its activation ranges
 * @param psnrAgainstFp32  PSNR (dB, RGB in [0, 1], clamped) of its outputs against the float model's on those crops
 */
public record Int8Model(byte[] onnx, int tiles, double psnrAgainstFp32) implements Serializable {
    /** "int8 (calibrated on 32 crops; 50.3 dB against fp32 there)". */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "int8 (calibrated on %d crops; %.1f dB PSNR against fp32 there)", tiles, psnrAgainstFp32);
    }
}
