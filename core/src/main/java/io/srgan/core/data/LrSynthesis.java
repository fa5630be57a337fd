package io.srgan.core.data;

/**
 * Makes the LR of an HR patch during sampling (Real-ESRGAN's degradations: {@code
 * io.srgan.core.degrade.Degradation}), a pure function of the patch and a seed so that sampling
 * stays reproducible and resumable.
 */
public interface LrSynthesis {
    /** The HR size over the LR size. */
    int scale();

    /** The LR of {@code hr}: {@code hr.height() / scale × hr.width() / scale}, RGB. */
    FloatImage lr(FloatImage hr, long seed);
}
