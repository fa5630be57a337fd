package io.srgan.core.data;

/**
 * Makes the LR of an HR crop during sampling (Real-ESRGAN's degradations: {@code
 * io.srgan.core.degrade.Degradation}), a pure function of the crop and a seed so that sampling
 * stays reproducible and resumable. As Real-ESRGAN does, {@link PatchSampler} degrades a crop
 * larger than the patch and then cuts the patch pair from it, so that the borders of the blur
 * kernels and resizes fall mostly outside the patch.
 *
 * <p>Thread-safe: a sampler synthesises the patches of one batch concurrently.
 */
public interface LrSynthesis {
    /** The HR size over the LR size. */
    int scale();

    /**
     * The side of the HR crop to degrade for an HR patch of {@code hrPatch} pixels: a multiple of
     * the scale, at least {@code hrPatch}.
     */
    int cropSize(int hrPatch);

    /**
     * The HR crop sharpened (Real-ESRGAN's unsharp masking of the ground truth), from which the LR is
     * then made and with which the losses that ask for it compare; null when targets are not
     * sharpened.
     */
    default FloatImage sharpened(FloatImage hr) {
        return null;
    }

    /** The LR of {@code hr}: {@code hr.height() / scale × hr.width() / scale}, RGB. */
    FloatImage lr(FloatImage hr, long seed);
}
