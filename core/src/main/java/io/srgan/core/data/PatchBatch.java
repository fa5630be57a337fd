package io.srgan.core.data;

/**
 * One batch of aligned patches, NHWC float32, RGB in [0, 1].
 *
 * @param lr {@code [size, lrPatch, lrPatch, 3]}
 * @param hr {@code [size, lrPatch·scale, lrPatch·scale, 3]}
 */
public record PatchBatch(int size, int lrPatch, int scale, float[] lr, float[] hr) {
    public PatchBatch {
        int hrPatch = lrPatch * scale;
        if ((long) size * lrPatch * lrPatch * 3 != lr.length || (long) size * hrPatch * hrPatch * 3 != hr.length) {
            throw new IllegalArgumentException("arrays do not match " + size + " patches of " + lrPatch + " (x" + scale + ")");
        }
    }

    public int hrPatch() { return lrPatch * scale; }
}
