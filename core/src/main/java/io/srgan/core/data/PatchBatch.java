package io.srgan.core.data;

/**
 * One batch of aligned patches, NHWC float32, RGB in [0, 1].
 *
 * @param lr      {@code [size, lrPatch, lrPatch, 3]}
 * @param hr      {@code [size, lrPatch·scale, lrPatch·scale, 3]}
 * @param hrSharp the same HR patches unsharp-masked (the LR was made from these), or null when the
 *                sampler does not sharpen targets
 */
public record PatchBatch(int size, int lrPatch, int scale, float[] lr, float[] hr, float[] hrSharp) {
    public PatchBatch {
        int hrPatch = lrPatch * scale;
        long hrLength = (long) size * hrPatch * hrPatch * 3;
        if ((long) size * lrPatch * lrPatch * 3 != lr.length || hrLength != hr.length
                || (hrSharp != null && hrSharp.length != hrLength)) {
            throw new IllegalArgumentException("arrays do not match " + size + " patches of " + lrPatch + " (x" + scale + ")");
        }
    }

    public PatchBatch(int size, int lrPatch, int scale, float[] lr, float[] hr) {
        this(size, lrPatch, scale, lr, hr, null);
    }

    public int hrPatch() { return lrPatch * scale; }
}
