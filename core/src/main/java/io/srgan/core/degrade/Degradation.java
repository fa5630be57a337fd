package io.srgan.core.degrade;

import io.srgan.core.data.FloatImage;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Real-ESRGAN's second-order degradation ({@code RealESRGANModel.feed_data}) of one HR RGB image
 * to its LR, {@code floor(H/scale) × floor(W/scale)}, on the 8-bit grid:
 * <ol>
 *   <li>first order: blur → random resize (by factor) → Gaussian or Poisson noise → JPEG</li>
 *   <li>second order: blur (with probability) → random resize to {@code HR/scale·factor} → noise</li>
 *   <li>last, in random order: [resize to HR/scale + final sinc] then JPEG, or JPEG then [resize + sinc]</li>
 *   <li>clamp and round to 8 bits (half to even, as {@code torch.round})</li>
 * </ol>
 * The output is a function of (image, settings, seed) only: all draws come from one
 * {@link SplittableRandom} seeded per call, in a fixed order. Immutable and thread-safe.
 *
 * <p>Not here: the unsharp masking of the HR target ({@link #sharpened}, applied by the patch
 * sampler before it calls {@link #lr}) and Real-ESRGAN's training-pair queue.
 */
public final class Degradation implements io.srgan.core.data.LrSynthesis {
    private final DegradationSettings settings;

    public Degradation(DegradationSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The seed of copy {@code copy} of the image named {@code name} (file name without extension)
     * under a run or command seed: another folder order or a new image does not change the others.
     * {@code srgan degrade} and the training report's degraded crops use it.
     */
    public static long imageSeed(long seed, String name, int copy) {
        long h = seed;
        for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) h = h * 1_000_003L + b;
        h = h * 1_000_003L + copy;
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    public DegradationSettings settings() {
        return settings;
    }

    @Override
    public int scale() {
        return settings.scale();
    }

    @Override
    public FloatImage sharpened(FloatImage hr) {
        return settings.usm() == null ? null : settings.usm().apply(hr);
    }

    @Override
    public int cropSize(int hrPatch) {
        return settings.cropSize(hrPatch);
    }

    @Override
    public FloatImage lr(FloatImage hr, long seed) {
        return apply(hr, seed);
    }

    /** The LR image for {@code hr} (3 channels, values in [0, 1]); {@code hr} is not modified. */
    public FloatImage apply(FloatImage hr, long seed) {
        Objects.requireNonNull(hr, "hr");
        if (hr.channels() != 3) {
            throw new IllegalArgumentException("degradation needs an RGB image, got " + hr.channels() + " channels");
        }
        int scale = settings.scale();
        int lrH = hr.height() / scale;
        int lrW = hr.width() / scale;
        if (lrH < 1 || lrW < 1) {
            throw new IllegalArgumentException("HR " + hr.height() + "x" + hr.width() + " is smaller than the scale " + scale);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        DegradationSettings.Stage first = settings.first();
        DegradationSettings.Stage second = settings.second();

        // ---- first order
        FloatImage out = hr;
        if (rng.nextDouble() < first.blurProb()) {
            out = Filter2D.apply(out, KernelSampler.blur(first.blur(), rng));
        }
        double factor = resizeFactor(first.resize(), rng);
        ResizeMode mode = pick(first.resize().modes(), rng);
        if (factor != 1.0) { // "keep": F.interpolate with factor 1 is the identity in every mode
            out = Interpolate.byFactor(out, factor, mode);
        }
        out = noise(out, first.noise(), rng);
        out = JpegRoundTrip.apply(out, KernelSampler.uniform(first.jpegQuality(), rng));

        // ---- second order
        if (rng.nextDouble() < second.blurProb()) {
            out = Filter2D.apply(out, KernelSampler.blur(second.blur(), rng));
        }
        double factor2 = resizeFactor(second.resize(), rng);
        ResizeMode mode2 = pick(second.resize().modes(), rng);
        int h2 = (int) ((double) hr.height() / scale * factor2); // Python's int(ori_h / scale * factor)
        int w2 = (int) ((double) hr.width() / scale * factor2);
        if (h2 < 1 || w2 < 1) {
            throw new IllegalArgumentException("HR " + hr.height() + "x" + hr.width() + " is too small: the second resize by " + factor2 + " leaves no pixels");
        }
        out = Interpolate.toSize(out, h2, w2, mode2);
        out = noise(out, second.noise(), rng);

        // ---- final: [resize back + sinc] and JPEG, in random order
        DegradationSettings.FinalStep last = settings.last();
        boolean resizeFirst = rng.nextDouble() < last.resizeFirstProb();
        ResizeMode finalMode = pick(last.modes(), rng);
        Kernel2D sinc = KernelSampler.finalSinc(last, rng);
        double quality = KernelSampler.uniform(second.jpegQuality(), rng);
        if (resizeFirst) {
            out = Filter2D.apply(Interpolate.toSize(out, lrH, lrW, finalMode), sinc);
            out = JpegRoundTrip.apply(out, quality);
        } else {
            out = JpegRoundTrip.apply(out, quality);
            out = Filter2D.apply(Interpolate.toSize(out, lrH, lrW, finalMode), sinc);
        }
        return quantised(out);
    }

    /** Up in [1, max], down in [min, 1], or keep (1), by the up/down/keep weights. */
    static double resizeFactor(DegradationSettings.Resize r, SplittableRandom rng) {
        double u = rng.nextDouble() * (r.up() + r.down() + r.keep());
        if (u < r.up()) {
            return KernelSampler.uniform(1, r.range().max(), rng);
        }
        if (u < r.up() + r.down()) {
            return KernelSampler.uniform(r.range().min(), 1, rng);
        }
        return 1.0;
    }

    private static FloatImage noise(FloatImage image, DegradationSettings.Noise n, SplittableRandom rng) {
        boolean gaussian = rng.nextDouble() < n.gaussianProb();
        if (gaussian) {
            double sigma = KernelSampler.uniform(n.gaussianSigma(), rng);
            boolean gray = rng.nextDouble() < n.grayProb();
            return Noise.gaussian(image, sigma, gray, rng);
        }
        double scale = KernelSampler.uniform(n.poissonScale(), rng);
        boolean gray = rng.nextDouble() < n.grayProb();
        return Noise.poisson(image, scale, gray, rng);
    }

    private static <T> T pick(List<T> options, SplittableRandom rng) {
        return options.get(rng.nextInt(options.size()));
    }

    /** {@code clamp(round(v·255), 0, 255) / 255}, in place on a fresh array. */
    private static FloatImage quantised(FloatImage image) {
        float[] d = image.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = Noise.level(d[i]) / 255f;
        }
        return image;
    }
}
