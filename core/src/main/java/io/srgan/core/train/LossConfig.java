package io.srgan.core.train;

import io.srgan.core.loss.AdversarialLoss;
import io.srgan.core.loss.PixelLoss;

/**
 * Which losses the generator and discriminator train on, and their weights.
 *
 * @param pixel                 l1 | mse | charbonnier
 * @param pixelWeight           weight of the pixel term (both phases)
 * @param adversarial           vanilla | lsgan | hinge | ragan
 * @param adversarialWeight     weight of G's adversarial term (SRGAN: 1e-3; ESRGAN: 5e-3)
 * @param featureMatchingWeight weight of discriminator feature matching (0 = off)
 * @param featureBlocks         discriminator blocks whose outputs are matched (0 to the discriminator's
 *                              {@link io.srgan.core.arch.DiscriminatorConfig#featureBlocks()} − 1, checked by {@link TrainConfig})
 * @param perceptual            the perceptual term on a frozen feature network (GAN phase)
 * @param sharpened             which terms compare with the unsharp-masked HR when batches carry it
 */
public record LossConfig(String pixel, double pixelWeight, String adversarial, double adversarialWeight,
                         double featureMatchingWeight, int[] featureBlocks, PerceptualConfig perceptual,
                         SharpenedTargets sharpened) {
    public LossConfig {
        if (perceptual == null) perceptual = PerceptualConfig.off();
        if (sharpened == null) sharpened = SharpenedTargets.REAL_ESRGAN;
        PixelLoss.byName(pixel);
        AdversarialLoss.byName(adversarial);
        if (pixelWeight < 0 || adversarialWeight < 0 || featureMatchingWeight < 0) {
            throw new IllegalArgumentException("loss weights must be ≥ 0");
        }
        featureBlocks = featureBlocks == null ? new int[0] : featureBlocks.clone();
        for (int b : featureBlocks) {
            if (b < 0) throw new IllegalArgumentException("loss.feature-blocks entries must be ≥ 0, got " + b);
        }
        if (featureMatchingWeight > 0 && featureBlocks.length == 0) {
            throw new IllegalArgumentException("loss.feature-matching-weight > 0 needs loss.feature-blocks");
        }
    }

    /** Real-ESRGAN's choice of sharpened targets. */
    public LossConfig(String pixel, double pixelWeight, String adversarial, double adversarialWeight,
                      double featureMatchingWeight, int[] featureBlocks, PerceptualConfig perceptual) {
        this(pixel, pixelWeight, adversarial, adversarialWeight, featureMatchingWeight, featureBlocks, perceptual, null);
    }

    /** The same losses with another perceptual term. */
    public LossConfig withPerceptual(PerceptualConfig p) {
        return new LossConfig(pixel, pixelWeight, adversarial, adversarialWeight, featureMatchingWeight, featureBlocks, p, sharpened);
    }

    /** Without a perceptual term. */
    public LossConfig(String pixel, double pixelWeight, String adversarial, double adversarialWeight,
                      double featureMatchingWeight, int[] featureBlocks) {
        this(pixel, pixelWeight, adversarial, adversarialWeight, featureMatchingWeight, featureBlocks, null);
    }

    public static LossConfig srgan() { return new LossConfig("l1", 1.0, "vanilla", 1e-3, 0, null); }
}
