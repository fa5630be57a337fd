package io.srgan.core.arch;

import java.util.Set;

/**
 * Generator hyper-parameters.
 *
 * @param arch      {@code msrresnet} (BN-free, the default) or {@code srresnet} (the SRGAN paper's)
 * @param blocks    residual blocks B ≥ 1
 * @param channels  feature channels C ≥ 1
 * @param scale     2, 3, 4 or 8
 * @param upsampler {@code subpixel} (default), {@code transposed} or {@code nearest}
 */
public record GeneratorConfig(String arch, int blocks, int channels, int scale, String upsampler) {
    public static final Set<Integer> SCALES = Set.of(2, 3, 4, 8);
    public static final Set<String> UPSAMPLERS = Set.of("subpixel", "transposed", "nearest");

    public GeneratorConfig {
        Generators.requireKnown(arch);
        if (blocks < 1) throw new IllegalArgumentException("generator.blocks must be ≥ 1, got " + blocks);
        if (channels < 1) throw new IllegalArgumentException("generator.channels must be ≥ 1, got " + channels);
        if (!SCALES.contains(scale)) throw new IllegalArgumentException("scale must be one of " + SCALES + ", got " + scale);
        if (!UPSAMPLERS.contains(upsampler)) {
            throw new IllegalArgumentException("generator.upsampler must be one of " + UPSAMPLERS + ", got '" + upsampler + "'");
        }
        if (scale == 3 && upsampler.equals("transposed")) {
            throw new IllegalArgumentException("generator.upsampler 'transposed' supports power-of-two scales only; use subpixel or nearest for ×3");
        }
    }

    public static GeneratorConfig msrresnet(int blocks, int channels, int scale) {
        return new GeneratorConfig("msrresnet", blocks, channels, scale, "subpixel");
    }

    public static GeneratorConfig srresnet(int blocks, int channels, int scale) {
        return new GeneratorConfig("srresnet", blocks, channels, scale, "subpixel");
    }

    /** The ×2 (or one ×3) stages the scale is made of. */
    int[] stages() {
        return switch (scale) {
            case 2 -> new int[] {2};
            case 3 -> new int[] {3};
            case 4 -> new int[] {2, 2};
            case 8 -> new int[] {2, 2, 2};
            default -> throw new IllegalStateException();
        };
    }
}
