package io.srgan.core.data;

/**
 * The whole random state of a {@link PatchSampler}, as plain longs for checkpoints: a sampler
 * rebuilt from the same pairs, spec and state draws exactly the patches the original would have
 * drawn next.
 *
 * @param seed  fixed for the run (derive it from the run seed, round and partition)
 * @param drawn how many patches have been drawn so far
 */
public record SamplerState(long seed, long drawn) {
    public SamplerState {
        if (drawn < 0) {
            throw new IllegalArgumentException("drawn must be >= 0, got " + drawn);
        }
    }

    public static SamplerState start(long seed) {
        return new SamplerState(seed, 0);
    }
}
