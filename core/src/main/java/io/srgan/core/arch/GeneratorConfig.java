package io.srgan.core.arch;

import java.util.Set;

/**
 * Generator hyper-parameters.
 *
 * @param arch      {@code msrresnet} (BN-free, the default), {@code srresnet} (the SRGAN paper's),
 *                  {@code rrdb} (ESRGAN's RRDBNet) or {@code srvgg} (Real-ESRGAN's SRVGGNetCompact)
 * @param blocks    residual blocks B ≥ 1 (RRDB: residual-in-residual dense blocks; srvgg: body convs,
 *                  Real-ESRGAN's num_conv)
 * @param channels  feature channels C ≥ 1 (srvgg: num_feat)
 * @param scale     2, 3, 4 or 8 (srvgg: 2, 3 or 4)
 * @param upsampler {@code subpixel} (default), {@code transposed} or {@code nearest} (srvgg: subpixel only)
 * @param growth    RRDB's growth channels G ≥ 1 per dense-block convolution; 0 for the other archs
 *                  (they have none, so a setting cannot make two equal msrresnets differ)
 */
public record GeneratorConfig(String arch, int blocks, int channels, int scale, String upsampler, int growth) {
    public static final Set<Integer> SCALES = Set.of(1, 2, 3, 4, 8);
    public static final Set<String> UPSAMPLERS = Set.of("subpixel", "transposed", "nearest");
    /** ESRGAN's growth channels. */
    public static final int DEFAULT_GROWTH = 32;

    public GeneratorConfig {
        Generators.requireKnown(arch);
        if (arch.equals("rrdb")) {
            if (growth < 1) throw new IllegalArgumentException("generator.growth must be ≥ 1 for rrdb, got " + growth);
            if (!upsampler.equals("nearest")) {
                throw new IllegalArgumentException("generator.arch rrdb upsamples as ESRGAN does (nearest ×2 + conv); set generator.upsampler = nearest, got '" + upsampler + "'");
            }
            if (scale == 3) throw new IllegalArgumentException("generator.arch rrdb supports scale 1, 2, 4 and 8, got 3");
        } else {
            growth = 0;
            if (scale == 1) {
                throw new IllegalArgumentException("scale 1 (restoration without upscaling) is built by generator.arch rrdb only"
                        + " (Real-ESRGAN's x1: the x4 network on a 4x pixel-unshuffled input), got " + arch);
            }
        }
        if (arch.equals("srvgg")) {
            if (!upsampler.equals("subpixel")) {
                throw new IllegalArgumentException("generator.arch srvgg upsamples as SRVGGNetCompact does (one pixel shuffle after the last conv);"
                        + " set generator.upsampler = subpixel, got '" + upsampler + "'");
            }
            if (scale == 8) throw new IllegalArgumentException("generator.arch srvgg supports scale 2, 3 and 4, got 8");
        }
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

    /** Without growth channels (msrresnet, srresnet), or RRDB with ESRGAN's G = 32. */
    public GeneratorConfig(String arch, int blocks, int channels, int scale, String upsampler) {
        this(arch, blocks, channels, scale, upsampler, DEFAULT_GROWTH);
    }

    /** ESRGAN's RRDBNet: B blocks, C channels, G growth, nearest upsampling. */
    public static GeneratorConfig rrdb(int blocks, int channels, int growth, int scale) {
        return new GeneratorConfig("rrdb", blocks, channels, scale, "nearest", growth);
    }

    /** Real-ESRGAN's SRVGGNetCompact with PReLU: {@code convs} body convs (num_conv), C channels (num_feat). */
    public static GeneratorConfig srvgg(int convs, int channels, int scale) {
        return new GeneratorConfig("srvgg", convs, channels, scale, "subpixel");
    }

    /** "msrresnet 16x64", "rrdb 23x64 g32". */
    public String size() {
        return arch + " " + blocks + "x" + channels + (growth > 0 ? " g" + growth : "");
    }

    public static GeneratorConfig msrresnet(int blocks, int channels, int scale) {
        return new GeneratorConfig("msrresnet", blocks, channels, scale, "subpixel");
    }

    public static GeneratorConfig srresnet(int blocks, int channels, int scale) {
        return new GeneratorConfig("srresnet", blocks, channels, scale, "subpixel");
    }

    /**
     * The input grid the generator reads in groups: RRDB ×2 and ×1 unshuffle their input by 2 and 4
     * (Real-ESRGAN's RealESRGAN_x2plus and its x1 RRDBNet), so LR sides must be multiples of that
     * (inference pads the bottom and right, training refuses other patch sizes).
     */
    public int inputAlignment() {
        if (!arch.equals("rrdb")) return 1;
        return scale == 2 ? 2 : scale == 1 ? 4 : 1;
    }

    /** RRDB's ×2 nearest stages: ×2 and ×1 run the ×4 network on the unshuffled input. */
    public int[] rrdbStages() { return scale <= 2 ? new int[] {2, 2} : stages(); }

    /** The ×2 (or one ×3) stages the scale is made of. */
    public int[] stages() {
        return switch (scale) {
            case 1 -> new int[0];
            case 2 -> new int[] {2};
            case 3 -> new int[] {3};
            case 4 -> new int[] {2, 2};
            case 8 -> new int[] {2, 2, 2};
            default -> throw new IllegalStateException();
        };
    }
}
