package io.srgan.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Draws aligned random LR/HR patches for training. Each patch picks an image uniformly, then an LR
 * position uniformly among those where the patch fits; the HR patch is the region at
 * {@code scale ×} that position. Flips and the transpose ({@link PatchSpec}) are applied identically
 * to both.
 *
 * <p>With an {@link LrSynthesis} (degradations) the pairs' LR is not used: as Real-ESRGAN, the
 * sampler cuts an HR crop of {@link LrSynthesis#cropSize} around where the patch will be (at any HR
 * pixel; less where the image is smaller), applies the augmentation to it, makes its LR, and then
 * draws the LR patch uniformly in that LR and the HR patch at {@code scale ×} its position. The
 * blur and resize borders of the degradation then fall mostly outside the patch, as they do for a
 * whole image at inference. A synthesis that sharpens targets ({@link LrSynthesis#sharpened}) makes
 * the LR from the sharpened crop, and the batch carries both HR patches.
 *
 * <p>Determinism: patch number {@code i} is drawn from its own generator seeded by a hash of
 * ({@code seed}, {@code i}), and it draws its position and all three augmentation bits whether or
 * not they are enabled. So the state is just {@link SamplerState} (two longs), a resumed sampler
 * continues exactly, and switching an augmentation off does not move the patches.
 *
 * <p>Not thread-safe; use one sampler per task.
 */
public final class PatchSampler {
    private final List<ImagePair> pairs;
    private final PatchSpec spec;
    private final long seed;
    private final LrSynthesis synthesis; // null: the pairs' LR
    private long drawn;

    /**
     * @param pairs RGB pairs whose HR is exactly {@code spec.scale()} times the LR and whose LR is at
     *              least one patch in each side
     */
    public PatchSampler(List<ImagePair> pairs, PatchSpec spec, SamplerState state) {
        this(pairs, spec, state, null);
    }

    /**
     * With a synthesis (degradations), each patch pair is cut from an augmented HR crop and its
     * synthesised LR, seeded from the patch's own generator: the pairs' LR is not used, and a resumed
     * sampler makes the same patches.
     */
    public PatchSampler(List<ImagePair> pairs, PatchSpec spec, SamplerState state, LrSynthesis synthesis) {
        if (synthesis != null && synthesis.scale() != spec.scale()) {
            throw new IllegalArgumentException("LR synthesis scale " + synthesis.scale() + " is not the patch scale " + spec.scale());
        }
        this.synthesis = synthesis;
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no image pairs to sample from");
        }
        for (ImagePair pair : pairs) {
            validate(pair, spec);
        }
        this.pairs = List.copyOf(pairs);
        this.spec = spec;
        this.seed = state.seed();
        this.drawn = state.drawn();
    }

    /**
     * A sampler on HR images alone: each is cropped to a multiple of the scale and its LR made once,
     * here, with {@link MatlabBicubic#downscaleUint8} ({@link ImagePair#fromHr}).
     */
    public static PatchSampler fromHrOnly(List<NamedImage> hr, PatchSpec spec, SamplerState state) {
        List<ImagePair> pairs = new ArrayList<>(hr.size());
        for (NamedImage image : hr) {
            pairs.add(ImagePair.fromHr(image.name(), image.image(), spec.scale()));
        }
        return new PatchSampler(pairs, spec, state);
    }

    public PatchSpec spec() { return spec; }

    /** The state to checkpoint; pass it to the constructor to continue from here. */
    public SamplerState state() { return new SamplerState(seed, drawn); }

    /** The next {@code n} patches. */
    public PatchBatch next(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + n);
        }
        int p = spec.lrPatch();
        int q = spec.hrPatch();
        float[] lr = new float[n * p * p * 3];
        float[] hr = new float[n * q * q * 3];
        float[] hrSharp = null;
        if (synthesis == null) {
            for (int i = 0; i < n; i++) {
                SplittableRandom rng = new SplittableRandom(patchSeed(seed, drawn + i));
                ImagePair pair = pairs.get(rng.nextInt(pairs.size()));
                int y = rng.nextInt(pair.lr().height() - p + 1);
                int x = rng.nextInt(pair.lr().width() - p + 1);
                boolean hflip = rng.nextBoolean() && spec.hflip();
                boolean vflip = rng.nextBoolean() && spec.vflip();
                boolean transpose = rng.nextBoolean() && spec.rot90();
                copyRegion(pair.hr(), y * spec.scale(), x * spec.scale(), q, q, hflip, vflip, transpose, hr, i * q * q * 3);
                copyRegion(pair.lr(), y, x, p, p, hflip, vflip, transpose, lr, i * p * p * 3);
            }
        } else {
            // Each patch has its own generator, so the degradations (the sampler's cost) run on all
            // cores, one patch per task, and give the same patches as one after the other.
            long first = drawn;
            Synthesised[] patches = new Synthesised[n];
            IntStream.range(0, n).parallel().forEach(i -> {
                SplittableRandom rng = new SplittableRandom(patchSeed(seed, first + i));
                patches[i] = synthesised(pairs.get(rng.nextInt(pairs.size())).hr(), rng);
            });
            int s = spec.scale();
            for (int i = 0; i < n; i++) {
                Synthesised patch = patches[i];
                copyRegion(patch.lr, patch.y, patch.x, p, p, false, false, false, lr, i * p * p * 3);
                copyRegion(patch.hr, patch.y * s, patch.x * s, q, q, false, false, false, hr, i * q * q * 3);
                if (patch.sharp != null) {
                    if (hrSharp == null) hrSharp = new float[hr.length];
                    copyRegion(patch.sharp, patch.y * s, patch.x * s, q, q, false, false, false, hrSharp, i * q * q * 3);
                }
            }
        }
        drawn += n;
        return new PatchBatch(n, p, spec.scale(), lr, hr, hrSharp);
    }

    /** An augmented HR crop, its sharpened copy (or null), its LR, and where the LR patch starts in it. */
    private record Synthesised(FloatImage hr, FloatImage sharp, FloatImage lr, int y, int x) {}

    /** Crop, augment, sharpen (if the synthesis does), degrade, and place the patch (see the class comment). */
    private Synthesised synthesised(FloatImage image, SplittableRandom rng) {
        int s = spec.scale();
        int p = spec.lrPatch();
        int side = synthesis.cropSize(spec.hrPatch());
        int h = Math.min(side, image.height() / s * s);
        int w = Math.min(side, image.width() / s * s);
        int y = rng.nextInt(image.height() - h + 1);
        int x = rng.nextInt(image.width() - w + 1);
        boolean hflip = rng.nextBoolean() && spec.hflip();
        boolean vflip = rng.nextBoolean() && spec.vflip();
        boolean transpose = rng.nextBoolean() && spec.rot90();
        int ch = transpose ? w : h;
        int cw = transpose ? h : w;
        float[] crop = new float[ch * cw * 3];
        copyRegion(image, y, x, h, w, hflip, vflip, transpose, crop, 0);
        FloatImage hr = new FloatImage(ch, cw, 3, crop);
        FloatImage sharp = synthesis.sharpened(hr);
        FloatImage lr = synthesis.lr(sharp == null ? hr : sharp, rng.nextLong());
        return new Synthesised(hr, sharp, lr, rng.nextInt(lr.height() - p + 1), rng.nextInt(lr.width() - p + 1));
    }

    /**
     * out = transpose?(vflip?(hflip?(image[y0:y0+h, x0:x0+w]))), written HWC at {@code offset}: h×w,
     * or w×h when transposed.
     */
    private static void copyRegion(FloatImage image, int y0, int x0, int h, int w, boolean hflip, boolean vflip,
                                   boolean transpose, float[] out, int offset) {
        float[] src = image.data();
        int stride = image.width();
        int outH = transpose ? w : h;
        int outW = transpose ? h : w;
        int o = offset;
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                int a = transpose ? ox : oy;
                int b = transpose ? oy : ox;
                int sy = y0 + (vflip ? h - 1 - a : a);
                int sx = x0 + (hflip ? w - 1 - b : b);
                int i = (sy * stride + sx) * 3;
                out[o++] = src[i];
                out[o++] = src[i + 1];
                out[o++] = src[i + 2];
            }
        }
    }

    /**
     * SplitMix64's finaliser over (hashed seed, index): nearby indices, and nearby seeds, give
     * unrelated generators.
     */
    static long patchSeed(long seed, long index) {
        return mix64(mix64(seed) + 0x9E3779B97F4A7C15L * (index + 1));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void validate(ImagePair pair, PatchSpec spec) {
        FloatImage lr = pair.lr();
        FloatImage hr = pair.hr();
        if (lr.channels() != 3 || hr.channels() != 3) {
            throw new IllegalArgumentException("pair " + pair.name() + ": LR and HR must be RGB (3 channels), got "
                    + lr.channels() + " and " + hr.channels());
        }
        if ((long) lr.height() * spec.scale() != hr.height() || (long) lr.width() * spec.scale() != hr.width()) {
            throw new IllegalArgumentException("pair " + pair.name() + ": LR " + lr.height() + "x" + lr.width() + " x"
                    + spec.scale() + " is not HR " + hr.height() + "x" + hr.width()
                    + " (crop HR with ModCrop.toMultiple and make LR from it, or check the scale)");
        }
        if (lr.height() < spec.lrPatch() || lr.width() < spec.lrPatch()) {
            throw new IllegalArgumentException("pair " + pair.name() + ": LR " + lr.height() + "x" + lr.width()
                    + " is smaller than the LR patch " + spec.lrPatch() + "x" + spec.lrPatch()
                    + " (drop the image or lower the patch size)");
        }
    }
}
