package io.srgan.core.degrade;

import java.util.SplittableRandom;

/**
 * Draws the random kernels of {@code realesrgan_dataset.py}: odd size uniform in the range, a 2-D
 * sinc with probability sincProb, else a shape by {@code kernelProbs} with BasicSR's
 * {@code random_bivariate_*} parameter draws. Kernels keep their drawn size (Real-ESRGAN zero-pads
 * them to 21; with reflect padding the result is the same wherever the image is larger than 10 px).
 */
public final class KernelSampler {
    private KernelSampler() {}

    public static Kernel2D blur(DegradationSettings.Blur s, SplittableRandom rng) {
        int size = oddSize(s.minKernelSize(), s.maxKernelSize(), rng);
        if (rng.nextDouble() < s.sincProb()) {
            DegradationSettings.Range cutoff = size < s.sincLargeFrom() ? s.sincCutoffSmall() : s.sincCutoffLarge();
            return BlurKernels.sinc(size, uniform(cutoff, rng));
        }
        KernelShape shape = shape(s, rng);
        double sigmaX = uniform(s.sigma(), rng);
        double sigmaY = sigmaX;
        double theta = 0;
        if (!shape.isotropic()) {
            sigmaY = uniform(s.sigma(), rng);
            theta = uniform(s.rotation(), rng);
        }
        return switch (shape) {
            case ISO -> BlurKernels.isotropicGaussian(size, sigmaX);
            case ANISO -> BlurKernels.anisotropicGaussian(size, sigmaX, sigmaY, theta);
            case GENERALIZED_ISO, GENERALIZED_ANISO -> BlurKernels.generalizedGaussian(size, sigmaX, sigmaY, theta, beta(s.betaG(), rng));
            case PLATEAU_ISO, PLATEAU_ANISO -> BlurKernels.plateau(size, sigmaX, sigmaY, theta, beta(s.betaP(), rng));
        };
    }

    /** The final sinc: identity with probability 1 - sincProb (Real-ESRGAN's pulse kernel). */
    public static Kernel2D finalSinc(DegradationSettings.FinalStep s, SplittableRandom rng) {
        if (!(rng.nextDouble() < s.sincProb())) {
            return Kernel2D.identity();
        }
        int size = oddSize(s.minKernelSize(), s.maxKernelSize(), rng);
        return BlurKernels.sinc(size, uniform(s.sincCutoff(), rng));
    }

    /** BasicSR: half the time uniform in [min, 1], else in [1, max]. */
    private static double beta(DegradationSettings.Range r, SplittableRandom rng) {
        return rng.nextDouble() < 0.5 ? uniform(r.min(), 1, rng) : uniform(1, r.max(), rng);
    }

    private static KernelShape shape(DegradationSettings.Blur s, SplittableRandom rng) {
        double total = 0;
        for (double p : s.kernelProbs().values()) {
            total += p;
        }
        double u = rng.nextDouble() * total;
        KernelShape last = null;
        for (KernelShape k : KernelShape.values()) { // enum order, so the draw does not depend on map order
            double p = s.kernelProbs().getOrDefault(k, 0.0);
            if (p <= 0) {
                continue;
            }
            last = k;
            if (u < p) {
                return k;
            }
            u -= p;
        }
        return last; // u landed on the rounding slack at the top
    }

    static int oddSize(int min, int max, SplittableRandom rng) {
        return min + 2 * rng.nextInt((max - min) / 2 + 1);
    }

    static double uniform(DegradationSettings.Range r, SplittableRandom rng) {
        return uniform(r.min(), r.max(), rng);
    }

    static double uniform(double lo, double hi, SplittableRandom rng) {
        return lo + (hi - lo) * rng.nextDouble();
    }
}
