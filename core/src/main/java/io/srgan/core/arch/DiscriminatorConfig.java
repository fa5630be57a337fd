package io.srgan.core.arch;

import java.util.Set;

/**
 * The discriminator's hyper-parameters.
 *
 * @param width base channels (64 in the papers): vgg's 8 convs have width × (1,1,2,2,4,4,8,8);
 *              unet-sn's encoder width × (1,2,4,8)
 * @param norm  vgg: {@code batch} (the paper's batch norm, batch statistics of each D call) or
 *              {@code none}; unet-sn is spectrally normalised whatever this says, recorded as {@code spectral}
 * @param arch  {@code vgg} (SRGAN's, one logit per image; the default, also for configs written
 *              before there was a choice) or {@code unet-sn} (Real-ESRGAN's, one logit per pixel)
 */
public record DiscriminatorConfig(int width, String norm, String arch) {
    public static final Set<String> NORMS = Set.of("batch", "none");
    public static final Set<String> ARCHS = Set.of("vgg", "unet-sn");

    public DiscriminatorConfig {
        if (arch == null) arch = "vgg";
        if (!ARCHS.contains(arch)) throw new IllegalArgumentException("discriminator.arch must be one of " + ARCHS + ", got '" + arch + "'");
        if (width < 1) throw new IllegalArgumentException("discriminator.width must be ≥ 1, got " + width);
        if (arch.equals("unet-sn")) {
            norm = "spectral";
        } else if (!NORMS.contains(norm)) {
            throw new IllegalArgumentException("discriminator.norm must be one of " + NORMS + ", got '" + norm + "'");
        }
    }

    /** SRGAN's VGG-style discriminator. */
    public DiscriminatorConfig(int width, String norm) {
        this(width, norm, "vgg");
    }

    /** Real-ESRGAN's U-Net discriminator with spectral normalisation. */
    public static DiscriminatorConfig unetSn(int width) { return new DiscriminatorConfig(width, "spectral", "unet-sn"); }

    public static DiscriminatorConfig paper() { return new DiscriminatorConfig(64, "batch"); }
}
