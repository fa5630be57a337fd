package io.srgan.core.train;

import io.srgan.core.arch.DiscriminatorConfig;
import io.srgan.core.arch.GeneratorConfig;

/**
 * Everything a local training step needs.
 *
 * @param psnrSteps steps of the PSNR phase (G only, pixel loss) before the GAN phase starts
 * @param emaDecay  decay of G's weight average; 0 disables it
 * @param seed      seeds the initial weights
 */
public record TrainConfig(GeneratorConfig generator, DiscriminatorConfig discriminator, LossConfig loss,
                          AdamConfig adamG, AdamConfig adamD, ScheduleConfig schedule, long psnrSteps,
                          double emaDecay, long seed) {
    public TrainConfig {
        if (psnrSteps < 0) throw new IllegalArgumentException("psnr steps must be ≥ 0, got " + psnrSteps);
        if (emaDecay != 0 && (emaDecay <= 0 || emaDecay >= 1)) {
            throw new IllegalArgumentException("ema decay must be 0 (off) or in (0, 1), got " + emaDecay);
        }
        int blocks = discriminator.featureBlocks();
        for (int b : loss.featureBlocks()) {
            if (b >= blocks) {
                throw new IllegalArgumentException("loss.feature-blocks entries must be in 0.." + (blocks - 1) + " with discriminator.arch = "
                        + discriminator.arch() + " (its " + blocks + " feature maps), got " + b);
            }
        }
    }

    /** The same configuration with other initial weights. */
    public TrainConfig withSeed(long newSeed) {
        return new TrainConfig(generator, discriminator, loss, adamG, adamD, schedule, psnrSteps, emaDecay, newSeed);
    }

    /** The same configuration with other networks (the losses' feature blocks are checked against the new D). */
    public TrainConfig withNetworks(GeneratorConfig g, DiscriminatorConfig d) {
        return new TrainConfig(g, d, loss, adamG, adamD, schedule, psnrSteps, emaDecay, seed);
    }

    /** The same configuration with other losses. */
    public TrainConfig withLoss(LossConfig newLoss) {
        return new TrainConfig(generator, discriminator, newLoss, adamG, adamD, schedule, psnrSteps, emaDecay, seed);
    }

    /** The same configuration with both networks' learning rates multiplied by {@code factor}. */
    public TrainConfig withLearningRatesScaled(double factor) {
        if (factor == 1.0) return this;
        return new TrainConfig(generator, discriminator, loss, adamG.withLr(adamG.lr() * factor), adamD.withLr(adamD.lr() * factor),
                schedule, psnrSteps, emaDecay, seed);
    }
}
