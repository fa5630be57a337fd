/**
 * Real-ESRGAN's synthetic degradation (Wang et al. 2021; BasicSR {@code degradations.py},
 * {@code RealESRGANModel.feed_data}) in plain Java on {@link io.srgan.core.data.FloatImage}: random
 * blur kernels ({@link io.srgan.core.degrade.BlurKernels}, {@link io.srgan.core.degrade.KernelSampler}),
 * reflect-padded filtering ({@link io.srgan.core.degrade.Filter2D}), torch-style resizing
 * ({@link io.srgan.core.degrade.Interpolate}), Gaussian and Poisson noise
 * ({@link io.srgan.core.degrade.Noise}), JPEG through ImageIO ({@link io.srgan.core.degrade.JpegRoundTrip}),
 * and the second-order pipeline ({@link io.srgan.core.degrade.Degradation}) driven by
 * {@link io.srgan.core.degrade.DegradationSettings}.
 *
 * <p>Where it departs from Real-ESRGAN, and why: JPEG is libjpeg through ImageIO on 8-bit samples
 * rather than DiffJPEG on floats (see {@link io.srgan.core.degrade.JpegRoundTrip}); random draws come
 * from one {@link java.util.SplittableRandom} per call, so the same seed reproduces an image but
 * not Python's stream; every image draws all its own parameters, where Real-ESRGAN draws some once
 * per GPU batch (the resize direction, factor and mode, Gaussian-or-Poisson, whether the second blur
 * applies, the order of the last step) and relies on its 180-pair queue to mix batches. USM
 * sharpening of the target and the queue are training-side and left to the caller.
 */
package io.srgan.core.degrade;
