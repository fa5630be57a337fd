package io.srgan.core.degrade;

/** The three {@code F.interpolate} modes Real-ESRGAN draws from, uniformly. */
public enum ResizeMode {
    /** {@code adaptive_avg_pool2d}: the mean over each output pixel's source rectangle. */
    AREA,
    /** Triangle kernel, {@code align_corners=False}, no antialiasing when shrinking. */
    BILINEAR,
    /** Keys cubic with a = -0.75 (torch's, not MATLAB's -0.5), edge-clamped, no antialiasing. */
    BICUBIC
}
