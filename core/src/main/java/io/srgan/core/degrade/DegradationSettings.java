package io.srgan.core.degrade;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every knob of Real-ESRGAN's second-order degradation, immutable and validated on construction.
 * {@link #realEsrgan()} gives the values of {@code options/train_realesrgan_x4plus.yml} together
 * with the constants hard-coded in {@code realesrgan_dataset.py} / {@code realesrgan_model.py}.
 *
 * <p>Probabilities over several outcomes ({@code kernelProbs}, the up/down/keep weights) are
 * weights normalised by their sum, as Python's {@code random.choices}.
 *
 * @param scale  HR size / LR size; the output is {@code floor(H / scale) × floor(W / scale)}
 * @param first  the first degradation (its blur always applies in Real-ESRGAN: blurProb 1)
 * @param second the second degradation; its resize is relative to HR/scale, and its JPEG quality
 *               range is the one of the final step
 * @param last   the final [resize back + sinc] and JPEG, in random order
 * @param cropPadSize in training, the HR side of the crop each patch is cut from after degrading it
 *               (Real-ESRGAN's {@code crop_pad_size}: 400 for 256² patches), so that the blur
 *               and resize borders fall mostly outside the patch; 0 = {@link #AUTO_CROP_PAD}
 * @param usm    in training, the unsharp masking of the HR crop that the LR is made from and that the
 *               losses Real-ESRGAN names ({@code l1_gt_usm}, ...) compare with; null = none
 */
public record DegradationSettings(int scale, Stage first, Stage second, FinalStep last, int cropPadSize, UnsharpMask usm) {
    /** {@code cropPadSize} 0: Real-ESRGAN's ratio, 400 / 256 of the HR patch. */
    public static final int AUTO_CROP_PAD = 0;

    public DegradationSettings {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        }
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        Objects.requireNonNull(last, "last");
        if (cropPadSize < 0) {
            throw new IllegalArgumentException("crop-pad size must be >= 0 (0 = auto), got " + cropPadSize);
        }
    }

    /** The same degradation with its HR crop for training patches of another size. */
    public DegradationSettings withCropPadSize(int size) {
        return new DegradationSettings(scale, first, second, last, size, usm);
    }

    /** The same degradation with another unsharp masking of the targets (null: none). */
    public DegradationSettings withUsm(UnsharpMask mask) {
        return new DegradationSettings(scale, first, second, last, cropPadSize, mask);
    }

    /**
     * The side of the HR crop to degrade for an HR patch of {@code hrPatch} pixels: {@code
     * cropPadSize} (auto: ⌈hrPatch · 400/256⌉), rounded up to a multiple of the scale and never below
     * the patch. The sampler takes less where an image is smaller.
     */
    public int cropSize(int hrPatch) {
        int side = cropPadSize == AUTO_CROP_PAD ? (int) Math.ceil(hrPatch * 400.0 / 256.0) : cropPadSize;
        side = Math.max(side, hrPatch);
        return (side + scale - 1) / scale * scale;
    }

    /** Real-ESRGAN x4plus. */
    public static DegradationSettings realEsrgan() {
        return realEsrgan(4);
    }

    /** Real-ESRGAN's degradation for another scale (x2plus uses the same degradation, scale 2). */
    public static DegradationSettings realEsrgan(int scale) {
        Range pi = new Range(-Math.PI, Math.PI);
        Map<KernelShape, Double> probs = new EnumMap<>(KernelShape.class);
        probs.put(KernelShape.ISO, 0.45);
        probs.put(KernelShape.ANISO, 0.25);
        probs.put(KernelShape.GENERALIZED_ISO, 0.12);
        probs.put(KernelShape.GENERALIZED_ANISO, 0.03);
        probs.put(KernelShape.PLATEAU_ISO, 0.12);
        probs.put(KernelShape.PLATEAU_ANISO, 0.03);
        Range sincSmall = new Range(Math.PI / 3, Math.PI);
        Range sincLarge = new Range(Math.PI / 5, Math.PI);
        Blur blur1 = new Blur(7, 21, probs, new Range(0.2, 3), pi, new Range(0.5, 4), new Range(1, 2),
                0.1, 13, sincSmall, sincLarge);
        Blur blur2 = new Blur(7, 21, probs, new Range(0.2, 1.5), pi, new Range(0.5, 4), new Range(1, 2),
                0.1, 13, sincSmall, sincLarge);
        List<ResizeMode> modes = List.of(ResizeMode.AREA, ResizeMode.BILINEAR, ResizeMode.BICUBIC);
        Stage first = new Stage(1.0, blur1,
                new Resize(0.2, 0.7, 0.1, new Range(0.15, 1.5), modes),
                new Noise(0.5, new Range(1, 30), new Range(0.05, 3), 0.4),
                new Range(30, 95));
        Stage second = new Stage(0.8, blur2,
                new Resize(0.3, 0.4, 0.3, new Range(0.3, 1.2), modes),
                new Noise(0.5, new Range(1, 25), new Range(0.05, 2.5), 0.4),
                new Range(30, 95));
        FinalStep last = new FinalStep(0.5, modes, 0.8, 7, 21, sincSmall);
        return new DegradationSettings(scale, first, second, last, AUTO_CROP_PAD, UnsharpMask.realEsrgan());
    }

    /** A closed interval {@code [min, max]} sampled uniformly; {@code min == max} is a constant. */
    public record Range(double min, double max) {
        public Range {
            if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
                throw new IllegalArgumentException("range needs finite min <= max, got [" + min + ", " + max + "]");
            }
        }

        boolean contains(double v) {
            return v >= min && v <= max;
        }

        @Override
        public String toString() {
            return "[" + min + ", " + max + "]";
        }
    }

    /**
     * One degradation order.
     *
     * @param blurProb    chance the blur applies (first 1.0, second {@code second_blur_prob} 0.8)
     * @param jpegQuality JPEG quality range, 1..100 ({@code jpeg_range}, {@code jpeg_range2})
     */
    public record Stage(double blurProb, Blur blur, Resize resize, Noise noise, Range jpegQuality) {
        public Stage {
            probability("blurProb", blurProb);
            Objects.requireNonNull(blur, "blur");
            Objects.requireNonNull(resize, "resize");
            Objects.requireNonNull(noise, "noise");
            Objects.requireNonNull(jpegQuality, "jpegQuality");
            if (jpegQuality.min() < 1 || jpegQuality.max() > 100) {
                throw new IllegalArgumentException("jpegQuality must lie in [1, 100], got " + jpegQuality);
            }
        }
    }

    /**
     * The random blur kernel of one order. The kernel size is odd, uniform over
     * {@code minKernelSize, minKernelSize+2, ..., maxKernelSize}. With probability {@code sincProb}
     * the kernel is a 2-D sinc with cutoff from {@code sincCutoffSmall} (size below
     * {@code sincLargeFrom}) or {@code sincCutoffLarge}; otherwise a shape from {@code kernelProbs}.
     *
     * @param sigma    {@code blur_sigma}: sigma_x and sigma_y, in pixels
     * @param rotation radians, for the anisotropic shapes
     * @param betaG    {@code betag_range}; must contain 1 (half the draws fall below 1, half above)
     * @param betaP    {@code betap_range}; must contain 1, likewise (so [1, 2] gives beta = 1 half the time)
     */
    public record Blur(int minKernelSize, int maxKernelSize, Map<KernelShape, Double> kernelProbs,
                       Range sigma, Range rotation, Range betaG, Range betaP,
                       double sincProb, int sincLargeFrom, Range sincCutoffSmall, Range sincCutoffLarge) {
        public Blur {
            oddSizes(minKernelSize, maxKernelSize);
            Objects.requireNonNull(kernelProbs, "kernelProbs");
            EnumMap<KernelShape, Double> copy = new EnumMap<>(KernelShape.class);
            double sum = 0;
            for (Map.Entry<KernelShape, Double> e : kernelProbs.entrySet()) {
                double p = Objects.requireNonNull(e.getValue(), "kernel probability of " + e.getKey());
                if (!(p >= 0) || Double.isInfinite(p)) {
                    throw new IllegalArgumentException("kernel probability of " + e.getKey() + " must be finite and >= 0, got " + p);
                }
                copy.put(Objects.requireNonNull(e.getKey(), "kernel shape"), p);
                sum += p;
            }
            if (!(sum > 0)) {
                throw new IllegalArgumentException("kernel probabilities must not all be 0: " + kernelProbs);
            }
            kernelProbs = Collections.unmodifiableMap(copy);
            Objects.requireNonNull(sigma, "sigma");
            if (sigma.min() <= 0) {
                throw new IllegalArgumentException("blur sigma must be > 0, got " + sigma);
            }
            Objects.requireNonNull(rotation, "rotation");
            containsOne("betaG", betaG);
            containsOne("betaP", betaP);
            if (betaG.min() <= 0 || betaP.min() <= 0) {
                throw new IllegalArgumentException("beta ranges must be > 0, got betaG " + betaG + ", betaP " + betaP);
            }
            probability("sincProb", sincProb);
            cutoff("sincCutoffSmall", sincCutoffSmall);
            cutoff("sincCutoffLarge", sincCutoffLarge);
        }
    }

    /**
     * The random resize of one order: up (factor in [1, range.max]), down ([range.min, 1]) or keep,
     * with weights {@code up, down, keep} ({@code resize_prob}); mode uniform from {@code modes}.
     */
    public record Resize(double up, double down, double keep, Range range, List<ResizeMode> modes) {
        public Resize {
            for (double w : new double[] {up, down, keep}) {
                if (!(w >= 0) || Double.isInfinite(w)) {
                    throw new IllegalArgumentException("resize weights (up, down, keep) must be finite and >= 0, got " + up + ", " + down + ", " + keep);
                }
            }
            if (!(up + down + keep > 0)) {
                throw new IllegalArgumentException("resize weights (up, down, keep) must not all be 0");
            }
            Objects.requireNonNull(range, "range");
            if (range.min() <= 0 || range.min() > 1 || range.max() < 1) {
                throw new IllegalArgumentException("resize range must satisfy 0 < min <= 1 <= max, got " + range);
            }
            modes = checkedModes(modes);
        }
    }

    /**
     * The noise of one order: Gaussian with probability {@code gaussianProb}, else Poisson; either
     * one gray (the same noise on R, G, B) with probability {@code grayProb}.
     *
     * @param gaussianSigma in 0..255 units ({@code noise_range})
     * @param poissonScale  multiplier of the Poisson noise ({@code poisson_scale_range})
     */
    public record Noise(double gaussianProb, Range gaussianSigma, Range poissonScale, double grayProb) {
        public Noise {
            probability("gaussianProb", gaussianProb);
            probability("grayProb", grayProb);
            Objects.requireNonNull(gaussianSigma, "gaussianSigma");
            Objects.requireNonNull(poissonScale, "poissonScale");
            if (gaussianSigma.min() < 0 || poissonScale.min() < 0) {
                throw new IllegalArgumentException("noise ranges must be >= 0, got sigma " + gaussianSigma + ", poisson scale " + poissonScale);
            }
        }
    }

    /**
     * The last step: with probability {@code resizeFirstProb} [resize to HR/scale, sinc, JPEG], else
     * [JPEG, resize, sinc]. The sinc applies with probability {@code sincProb}
     * ({@code final_sinc_prob}), size odd in [minKernelSize, maxKernelSize], cutoff in {@code sincCutoff}.
     */
    public record FinalStep(double resizeFirstProb, List<ResizeMode> modes, double sincProb,
                            int minKernelSize, int maxKernelSize, Range sincCutoff) {
        public FinalStep {
            probability("resizeFirstProb", resizeFirstProb);
            modes = checkedModes(modes);
            probability("final sincProb", sincProb);
            oddSizes(minKernelSize, maxKernelSize);
            cutoff("final sincCutoff", sincCutoff);
        }
    }

    private static void probability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + p);
        }
    }

    private static void oddSizes(int min, int max) {
        if (min < 1 || min % 2 == 0 || max % 2 == 0 || min > max) {
            throw new IllegalArgumentException("kernel sizes must be odd with 1 <= min <= max, got " + min + ".." + max);
        }
    }

    private static void containsOne(String name, Range r) {
        Objects.requireNonNull(r, name);
        if (!r.contains(1)) {
            throw new IllegalArgumentException(name + " must contain 1 (BasicSR draws half below 1, half above), got " + r);
        }
    }

    private static void cutoff(String name, Range r) {
        Objects.requireNonNull(r, name);
        if (r.min() <= 0 || r.max() > Math.PI) {
            throw new IllegalArgumentException(name + " must lie in (0, pi] radians, got " + r);
        }
    }

    private static List<ResizeMode> checkedModes(List<ResizeMode> modes) {
        Objects.requireNonNull(modes, "modes");
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("resize modes must not be empty");
        }
        return List.copyOf(modes); // rejects null entries
    }
}
