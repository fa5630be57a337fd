package io.srgan.core.train;

/**
 * Which losses compare with the unsharp-masked HR patch when the sampler makes one (Real-ESRGAN's
 * {@code l1_gt_usm}, {@code percep_gt_usm}, {@code gan_gt_usm}); the others compare with the HR patch
 * as it is. Without a sharpened patch every loss uses the HR patch.
 *
 * @param pixel      the pixel loss (Real-ESRGAN: yes; Real-ESRNet's {@code gt_usm})
 * @param perceptual the perceptual loss (yes)
 * @param gan        the discriminator's real input, and the real side of G's adversarial and
 *                   feature-matching terms (no)
 */
public record SharpenedTargets(boolean pixel, boolean perceptual, boolean gan) {
    public static final SharpenedTargets REAL_ESRGAN = new SharpenedTargets(true, true, false);
}
