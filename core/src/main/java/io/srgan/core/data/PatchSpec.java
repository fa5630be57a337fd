package io.srgan.core.data;

/**
 * What {@link PatchSampler} draws: square LR patches of {@code lrPatch} pixels, HR patches of
 * {@code lrPatch × scale}, and which augmentations may be applied (each with probability 1/2; with
 * all three the 8 symmetries of the square are equally likely).
 *
 * @param hflip mirror left-right
 * @param vflip mirror top-bottom
 * @param rot90 transpose (after the flips), which with them gives the 90° rotations
 */
public record PatchSpec(int scale, int lrPatch, boolean hflip, boolean vflip, boolean rot90) {
    public PatchSpec {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        }
        if (lrPatch < 1) {
            throw new IllegalArgumentException("lrPatch must be >= 1, got " + lrPatch);
        }
    }

    /** All augmentations on, the usual training setting. */
    public static PatchSpec augmented(int scale, int lrPatch) {
        return new PatchSpec(scale, lrPatch, true, true, true);
    }

    public int hrPatch() { return lrPatch * scale; }
}
