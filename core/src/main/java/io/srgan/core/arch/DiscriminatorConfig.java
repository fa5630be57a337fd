package io.srgan.core.arch;

import java.util.List;
import java.util.Set;

/**
 * The discriminator's hyper-parameters.
 *
 * @param width base channels (64 in the papers): vgg's 8 convs have width × (1,1,2,2,4,4,8,8);
 *              unet-sn's encoder width × (1,2,4,8); vgg128's stages width × (1,2,4,8,8) (BasicSR's num_feat)
 * @param norm  vgg: {@code batch} (the paper's batch norm, batch statistics of each D call) or
 *              {@code none}; unet-sn is spectrally normalised whatever this says, recorded as {@code spectral};
 *              vgg128 and vgg256 take {@code batch} only (BasicSR's convs before a batch norm have no bias)
 * @param arch  {@code vgg} (SRGAN's, one logit per image; the default, also for configs written
 *              before there was a choice), {@code unet-sn} (Real-ESRGAN's, one logit per pixel), or
 *              {@code vgg128} / {@code vgg256} (ESRGAN's, BasicSR's VGGStyleDiscriminator with
 *              input_size 128 / 256: one logit per image from a flattened 4×4 map, HR patches of
 *              exactly that size)
 */
public record DiscriminatorConfig(int width, String norm, String arch) {
    public static final Set<String> NORMS = Set.of("batch", "none");
    public static final List<String> ARCHS = List.of("vgg", "unet-sn", "vgg128", "vgg256");

    public DiscriminatorConfig {
        if (arch == null) arch = "vgg";
        if (!ARCHS.contains(arch)) throw new IllegalArgumentException("discriminator.arch must be one of " + ARCHS + ", got '" + arch + "'");
        if (width < 1) throw new IllegalArgumentException("discriminator.width must be ≥ 1, got " + width);
        if (arch.equals("unet-sn")) {
            norm = "spectral";
        } else if (!NORMS.contains(norm)) {
            throw new IllegalArgumentException("discriminator.norm must be one of " + NORMS + ", got '" + norm + "'");
        } else if (inputSizeOf(arch) > 0 && !norm.equals("batch")) {
            throw new IllegalArgumentException("discriminator.norm = " + norm + " is not available with discriminator.arch = " + arch
                    + ": ESRGAN's VGG-style discriminator has batch norm after every conv but the first (those convs have no bias);"
                    + " set discriminator.norm = batch, or use discriminator.arch = vgg");
        }
    }

    /** SRGAN's VGG-style discriminator. */
    public DiscriminatorConfig(int width, String norm) {
        this(width, norm, "vgg");
    }

    /** Real-ESRGAN's U-Net discriminator with spectral normalisation. */
    public static DiscriminatorConfig unetSn(int width) { return new DiscriminatorConfig(width, "spectral", "unet-sn"); }

    /** ESRGAN's VGG-style discriminator for {@code size}×{@code size} HR patches (128 or 256), batch norm. */
    public static DiscriminatorConfig vggStyle(int width, int size) {
        if (size != 128 && size != 256) throw new IllegalArgumentException("the VGG-style discriminator takes 128 or 256, got " + size);
        return new DiscriminatorConfig(width, "batch", "vgg" + size);
    }

    public static DiscriminatorConfig paper() { return new DiscriminatorConfig(64, "batch"); }

    /** The side of the square HR patches this discriminator takes, or 0 when it takes any size. */
    public int inputSize() { return inputSizeOf(arch); }

    /** How many feature maps the discriminator exposes (feature matching's block indices are below it). */
    public int featureBlocks() {
        return switch (arch) {
            case "vgg128" -> 10;
            case "vgg256" -> 12;
            default -> 8;
        };
    }

    /**
     * Refuses a training patch this discriminator cannot take, naming the settings: for vgg128 and
     * vgg256 the HR patch, {@code train.lr-patch} × {@code scale}, must be their input size.
     */
    public void checkPatch(int lrPatch, int scale) {
        int size = inputSize();
        int hr = lrPatch * scale;
        if (size == 0 || hr == size) return;
        String fix = size % scale == 0
                ? "set train.lr-patch = " + size / scale
                : "no train.lr-patch gives " + size + " at scale " + scale + ": use discriminator.arch = vgg (any patch size)";
        String other = hr == 128 || hr == 256 ? " (or discriminator.arch = vgg" + hr + " for " + hr + "x" + hr + " patches)" : "";
        throw new IllegalArgumentException("discriminator.arch = " + arch + " takes " + size + "x" + size + " HR patches only"
                + " (its dense head reads a 4x4 map), but train.lr-patch × scale = " + lrPatch + " × " + scale + " = " + hr
                + ": " + fix + other);
    }

    private static int inputSizeOf(String arch) {
        return switch (arch) {
            case "vgg128" -> 128;
            case "vgg256" -> 256;
            default -> 0;
        };
    }
}
