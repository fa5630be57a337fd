package io.srgan.core.arch;

import java.util.Set;

/**
 * The SRGAN discriminator's hyper-parameters.
 *
 * @param width base channels (64 in the paper): the 8 convs have width × (1,1,2,2,4,4,8,8)
 * @param norm  {@code batch} (the paper's batch norm, batch statistics of each D call) or {@code none}
 */
public record DiscriminatorConfig(int width, String norm) {
    public static final Set<String> NORMS = Set.of("batch", "none");

    public DiscriminatorConfig {
        if (width < 1) throw new IllegalArgumentException("discriminator.width must be ≥ 1, got " + width);
        if (!NORMS.contains(norm)) throw new IllegalArgumentException("discriminator.norm must be one of " + NORMS + ", got '" + norm + "'");
    }

    public static DiscriminatorConfig paper() { return new DiscriminatorConfig(64, "batch"); }
}
