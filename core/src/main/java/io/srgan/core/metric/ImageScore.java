package io.srgan.core.metric;

import java.util.Objects;

/**
 * PSNR-Y (dB, +∞ when identical) and SSIM-Y of one image.
 *
 * @param name identifies the image in reports (usually its file name)
 */
public record ImageScore(String name, double psnrY, double ssimY) {
    public ImageScore {
        Objects.requireNonNull(name, "name");
    }
}
