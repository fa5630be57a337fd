package io.srgan.core.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatchSamplerTest {
    private static final int SCALE = 3;
    private static final int P = 5;

    /**
     * HR made from a random LR by repeating each LR pixel over a scale×scale block, so the LR value
     * of every HR block is known exactly. A misaligned HR patch would cut across blocks, and a flip
     * or transpose applied to one side only would pair blocks with the wrong LR values.
     */
    @Test
    void hrPatchesAreAlignedWithLrPatchesUnderEveryAugmentation() {
        List<ImagePair> pairs = List.of(blockPair("a", 17, 23, 1), blockPair("b", 9, 12, 2));
        PatchSampler sampler = new PatchSampler(pairs, PatchSpec.augmented(SCALE, P), SamplerState.start(42));
        PatchBatch batch = sampler.next(200);
        int q = P * SCALE;
        for (int n = 0; n < batch.size(); n++) {
            for (int y = 0; y < q; y++) {
                for (int x = 0; x < q; x++) {
                    for (int c = 0; c < 3; c++) {
                        float hr = batch.hr()[((n * q + y) * q + x) * 3 + c];
                        float lr = batch.lr()[((n * P + y / SCALE) * P + x / SCALE) * 3 + c];
                        assertEquals(lr, hr, "patch " + n + " HR (" + y + "," + x + ")");
                    }
                }
            }
        }
    }

    /** Without augmentation each LR patch is a crop of some pair's LR; with it, a symmetry of that crop. */
    @Test
    void augmentationsAreSymmetriesOfTheSameCropAndAllEightOccur() {
        List<ImagePair> pairs = List.of(blockPair("a", 17, 23, 3));
        PatchBatch plain = new PatchSampler(pairs, new PatchSpec(SCALE, P, false, false, false), SamplerState.start(7)).next(64);
        PatchBatch augmented = new PatchSampler(pairs, PatchSpec.augmented(SCALE, P), SamplerState.start(7)).next(64);
        FloatImage lr = pairs.get(0).lr();
        Set<Integer> seen = new HashSet<>();
        for (int n = 0; n < 64; n++) {
            float[] crop = patch(plain.lr(), n, P);
            assertTrue(occursIn(lr, crop), "patch " + n + " is not a crop of the LR image");
            int symmetry = symmetryBetween(crop, patch(augmented.lr(), n, P), P);
            assertTrue(symmetry >= 0, "augmented patch " + n + " is no flip/rotation of the plain one");
            seen.add(symmetry);
        }
        assertEquals(8, seen.size(), "symmetries seen: " + seen);
    }

    /**
     * With a synthesis the sampler degrades an HR crop larger than the patch (smaller where the image
     * is) and cuts the pair from it. The stand-in synthesis is local and aligned (the mean of each
     * s×s block, plus a mark of its seed), so an LR patch equals the stand-in applied to its HR patch
     * exactly when the HR patch sits at scale × the LR patch's position in the crop.
     */
    @Test
    void aSynthesisDegradesALargerCropAndCutsBothPatchesFromItAligned() {
        List<ImagePair> pairs = List.of(blockPair("a", 17, 23, 6), blockPair("thin", 6, 30, 7));
        PatchSpec spec = PatchSpec.augmented(SCALE, P);
        int q = P * SCALE;
        int side = 24; // > q = 15, a multiple of the scale
        // the sampler synthesises a batch's patches concurrently: record by seed, thread-safely
        Map<Long, FloatImage> crops = new ConcurrentHashMap<>();
        LrSynthesis meanOfBlocks = new LrSynthesis() {
            @Override public int scale() { return SCALE; }
            @Override public int cropSize(int hrPatch) { return side; }
            @Override public FloatImage lr(FloatImage hr, long seed) {
                crops.put(seed, hr);
                return blockMeans(hr, seed);
            }
        };
        int n = 40;
        PatchBatch made = new PatchSampler(pairs, spec, SamplerState.start(5), meanOfBlocks).next(n);
        assertEquals(n, crops.size(), "every patch has its own seed");
        Set<String> cropShapes = new HashSet<>();
        Set<Integer> offsets = new HashSet<>();
        for (int i = 0; i < n; i++) {
            float[] hrPatch = patch(made.hr(), i, q);
            FloatImage hr = new FloatImage(q, q, 3, hrPatch);
            long seed = seedOf(hr, patch(made.lr(), i, P), crops.keySet(), s -> positionIn(crops.get(s), hrPatch, q) >= 0,
                    "patch " + i + ": LR is not the HR patch's, or the HR patch is not cut from the degraded crop");
            FloatImage crop = crops.get(seed);
            cropShapes.add(crop.height() + "x" + crop.width());
            int at = positionIn(crop, hrPatch, q);
            assertEquals(0, (at / crop.width()) % SCALE, "patch " + i + ": HR row off the LR grid");
            assertEquals(0, (at % crop.width()) % SCALE, "patch " + i + ": HR column off the LR grid");
            offsets.add(at);
            boolean fromAnImage = false;
            for (ImagePair pair : pairs) fromAnImage |= anySymmetryOccursIn(pair.hr(), hrPatch, q);
            assertTrue(fromAnImage, "patch " + i + " is no flip/rotation of a crop of an HR image");
        }
        // "a" gives the full crop; "thin" (HR 18x90) only its 18 rows, transposed half the time
        assertEquals(Set.of("24x24", "18x24", "24x18"), cropShapes);
        assertTrue(offsets.size() > 5, "the patch is drawn anywhere in the crop: " + offsets);

        // resuming from a saved state makes the same patches
        PatchSampler a = new PatchSampler(pairs, spec, SamplerState.start(8), meanOfBlocks);
        a.next(3);
        PatchBatch straight = a.next(4);
        PatchBatch resumed = new PatchSampler(pairs, spec, new SamplerState(8, 3), meanOfBlocks).next(4);
        assertArrayEquals(straight.lr(), resumed.lr());
        assertArrayEquals(straight.hr(), resumed.hr());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PatchSampler(pairs, PatchSpec.augmented(2, P),
                SamplerState.start(1), meanOfBlocks));
        assertTrue(e.getMessage().contains("scale"), e.getMessage());
    }

    /** A sharpening synthesis: the LR is made from the sharpened crop, and the batch carries both HR patches. */
    @Test
    void aSharpeningSynthesisMakesTheLrFromTheSharpenedCropAndCarriesBothTargets() {
        List<ImagePair> pairs = List.of(blockPair("a", 17, 23, 6));
        Set<Long> seeds = ConcurrentHashMap.newKeySet();
        LrSynthesis inverting = new LrSynthesis() { // "sharpens" to 1 - x: any pointwise map shows which crop went where
            @Override public int scale() { return SCALE; }
            @Override public int cropSize(int hrPatch) { return 21; }
            @Override public FloatImage sharpened(FloatImage hr) {
                float[] d = hr.data().clone();
                for (int i = 0; i < d.length; i++) d[i] = 1 - d[i];
                return new FloatImage(hr.height(), hr.width(), 3, d);
            }
            @Override public FloatImage lr(FloatImage hr, long seed) {
                seeds.add(seed);
                return blockMeans(hr, seed);
            }
        };
        int q = P * SCALE;
        PatchBatch made = new PatchSampler(pairs, PatchSpec.augmented(SCALE, P), SamplerState.start(3), inverting).next(10);
        assertTrue(made.hrSharp() != null);
        for (int i = 0; i < 10; i++) {
            float[] hr = patch(made.hr(), i, q);
            float[] sharp = patch(made.hrSharp(), i, q);
            for (int j = 0; j < hr.length; j++) assertEquals(1 - hr[j], sharp[j], "patch " + i + " at " + j);
            seedOf(new FloatImage(q, q, 3, sharp), patch(made.lr(), i, P), seeds, seed -> true, "patch " + i + ": LR is not the sharpened HR patch's");
        }
        PatchBatch plain = new PatchSampler(pairs, PatchSpec.augmented(SCALE, P), SamplerState.start(3)).next(2);
        assertEquals(null, plain.hrSharp());
    }

    @Test
    void sameSeedSameBatchesAndResumingContinuesExactly() {
        List<ImagePair> pairs = List.of(blockPair("a", 17, 23, 4), blockPair("b", 9, 12, 5));
        PatchSpec spec = PatchSpec.augmented(SCALE, P);
        PatchSampler first = new PatchSampler(pairs, spec, SamplerState.start(99));
        PatchSampler twin = new PatchSampler(pairs, spec, SamplerState.start(99));
        PatchBatch b1 = first.next(8);
        assertArrayEquals(b1.lr(), twin.next(8).lr());

        SamplerState saved = first.state();
        assertEquals(new SamplerState(99, 8), saved);
        PatchBatch continued = first.next(6);
        PatchSampler resumed = new PatchSampler(pairs, spec, new SamplerState(saved.seed(), saved.drawn()));
        PatchBatch replay = resumed.next(6);
        assertArrayEquals(continued.lr(), replay.lr());
        assertArrayEquals(continued.hr(), replay.hr());

        // batch boundaries do not matter: 8 + 6 patches equal 14 in one go
        PatchBatch whole = new PatchSampler(pairs, spec, SamplerState.start(99)).next(14);
        float[] joined = new float[whole.lr().length];
        System.arraycopy(b1.lr(), 0, joined, 0, b1.lr().length);
        System.arraycopy(continued.lr(), 0, joined, b1.lr().length, continued.lr().length);
        assertArrayEquals(whole.lr(), joined);

        PatchBatch otherSeed = new PatchSampler(pairs, spec, SamplerState.start(100)).next(8);
        assertFalse(Arrays.equals(b1.lr(), otherSeed.lr()));
    }

    /**
     * With real degradations (JPEG, noise, blur, resize), a batch synthesised concurrently equals
     * the same patches drawn one at a time, and the same batch again.
     */
    @Test
    void concurrentSynthesisGivesThePatchesOfOneAtATime() {
        SplittableRandom r = new SplittableRandom(3);
        float[] pixels = new float[120 * 136 * 3];
        for (int i = 0; i < pixels.length; i++) pixels[i] = r.nextInt(256) / 255f;
        List<ImagePair> pairs = List.of(ImagePair.fromHr("noise", new FloatImage(120, 136, 3, pixels), 4));
        PatchSpec spec = PatchSpec.augmented(4, 16);
        io.srgan.core.degrade.Degradation real = new io.srgan.core.degrade.Degradation(io.srgan.core.degrade.DegradationSettings.realEsrgan(4));
        int n = 8;
        PatchBatch together = new PatchSampler(pairs, spec, SamplerState.start(11), real).next(n);
        PatchSampler single = new PatchSampler(pairs, spec, SamplerState.start(11), real);
        float[] lr = new float[together.lr().length];
        float[] hr = new float[together.hr().length];
        float[] sharp = new float[together.hr().length];
        for (int i = 0; i < n; i++) {
            PatchBatch one = single.next(1);
            System.arraycopy(one.lr(), 0, lr, i * one.lr().length, one.lr().length);
            System.arraycopy(one.hr(), 0, hr, i * one.hr().length, one.hr().length);
            System.arraycopy(one.hrSharp(), 0, sharp, i * one.hrSharp().length, one.hrSharp().length);
        }
        assertArrayEquals(lr, together.lr());
        assertArrayEquals(hr, together.hr());
        assertArrayEquals(sharp, together.hrSharp());
        assertArrayEquals(together.lr(), new PatchSampler(pairs, spec, SamplerState.start(11), real).next(n).lr());
    }

    /** HR-only sampling equals sampling the pair (MATLAB LR of the modcropped HR, modcropped HR). */
    @Test
    void hrOnlySamplerMakesMatlabLrOnce() {
        FloatImage hr = randomImage(31, 40, 6);                 // not a multiple of 3: gets cropped to 30x39
        PatchSpec spec = PatchSpec.augmented(SCALE, P);
        PatchSampler fromHr = PatchSampler.fromHrOnly(List.of(new NamedImage("h", hr)), spec, SamplerState.start(5));
        FloatImage cropped = hr.crop(0, 0, 30, 39);
        ImagePair pair = new ImagePair("h", MatlabBicubic.downscaleUint8(cropped, SCALE), cropped);
        PatchSampler paired = new PatchSampler(List.of(pair), spec, SamplerState.start(5));
        PatchBatch a = fromHr.next(16);
        PatchBatch b = paired.next(16);
        assertArrayEquals(b.lr(), a.lr());
        assertArrayEquals(b.hr(), a.hr());
    }

    @Test
    void rejectsMisalignedAndTooSmallPairsNamingThem() {
        ImagePair misaligned = new ImagePair("odd.png", FloatImage.zeros(10, 10, 3), FloatImage.zeros(31, 30, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PatchSampler(List.of(misaligned), PatchSpec.augmented(SCALE, P), SamplerState.start(0)));
        assertTrue(e.getMessage().contains("odd.png") && e.getMessage().contains("31x30"), e.getMessage());

        ImagePair small = new ImagePair("tiny.png", FloatImage.zeros(4, 10, 3), FloatImage.zeros(12, 30, 3));
        e = assertThrows(IllegalArgumentException.class,
                () -> new PatchSampler(List.of(small), PatchSpec.augmented(SCALE, P), SamplerState.start(0)));
        assertTrue(e.getMessage().contains("tiny.png") && e.getMessage().contains("smaller than the LR patch 5x5"), e.getMessage());

        ImagePair gray = new ImagePair("gray.png", FloatImage.zeros(10, 10, 1), FloatImage.zeros(30, 30, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new PatchSampler(List.of(gray), PatchSpec.augmented(SCALE, P), SamplerState.start(0)));
        assertThrows(IllegalArgumentException.class,
                () -> new PatchSampler(List.of(), PatchSpec.augmented(SCALE, P), SamplerState.start(0)));
        for (int side : new int[]{2, 12}) {                   // smaller than the scale; LR 4x4 < patch
            NamedImage speck = new NamedImage("speck.png", FloatImage.zeros(side, side, 3));
            e = assertThrows(IllegalArgumentException.class,
                    () -> PatchSampler.fromHrOnly(List.of(speck), PatchSpec.augmented(SCALE, P), SamplerState.start(0)));
            assertTrue(e.getMessage().contains("speck.png"), e.getMessage());
        }
    }

    @Test
    void patchSeedsOfNeighbouringIndicesAndSeedsDiffer() {
        assertNotEquals(PatchSampler.patchSeed(1, 0), PatchSampler.patchSeed(1, 1));
        assertNotEquals(PatchSampler.patchSeed(1, 0), PatchSampler.patchSeed(2, 0));
    }

    // ---------------------------------------------------------------- helpers

    private static ImagePair blockPair(String name, int h, int w, long seed) {
        FloatImage lr = randomImage(h, w, seed);
        FloatImage hr = FloatImage.zeros(h * SCALE, w * SCALE, 3);
        for (int y = 0; y < h * SCALE; y++) {
            for (int x = 0; x < w * SCALE; x++) {
                for (int c = 0; c < 3; c++) {
                    hr.set(y, x, c, lr.get(y / SCALE, x / SCALE, c));
                }
            }
        }
        return new ImagePair(name, lr, hr);
    }

    private static FloatImage randomImage(int h, int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] data = new float[h * w * 3];
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextInt(256) / 255f;
        }
        return new FloatImage(h, w, 3, data);
    }

    private static float[] patch(float[] batch, int n, int size) {
        float[] out = new float[size * size * 3];
        System.arraycopy(batch, n * out.length, out, 0, out.length);
        return out;
    }

    /** The mean of each SCALE×SCALE block, plus a mark of the seed. */
    /**
     * A seed among {@code seeds} that passes {@code also} and whose {@link #blockMeans} of {@code hr}
     * is {@code lr}; fails with {@code message} if none.
     */
    private static long seedOf(FloatImage hr, float[] lr, Set<Long> seeds, java.util.function.LongPredicate also, String message) {
        for (long seed : seeds) {
            if (also.test(seed) && Arrays.equals(blockMeans(hr, seed).data(), lr)) return seed;
        }
        throw new AssertionError(message);
    }

    private static FloatImage blockMeans(FloatImage hr, long seed) {
        FloatImage out = FloatImage.zeros(hr.height() / SCALE, hr.width() / SCALE, 3);
        for (int y = 0; y < out.height(); y++) for (int x = 0; x < out.width(); x++) for (int c = 0; c < 3; c++) {
            double sum = 0;
            for (int dy = 0; dy < SCALE; dy++) for (int dx = 0; dx < SCALE; dx++) sum += hr.get(y * SCALE + dy, x * SCALE + dx, c);
            out.set(y, x, c, (float) (sum / (SCALE * SCALE) + (seed & 1023) * 1e-5)); // tells (almost) every seed apart
        }
        return out;
    }

    /** y·width + x of the first place {@code patch} (size²) occurs in {@code image}, or -1. */
    private static int positionIn(FloatImage image, float[] patch, int size) {
        for (int y = 0; y + size <= image.height(); y++) {
            for (int x = 0; x + size <= image.width(); x++) {
                if (Arrays.equals(image.crop(y, x, size, size).data(), patch)) return y * image.width() + x;
            }
        }
        return -1;
    }

    private static boolean anySymmetryOccursIn(FloatImage image, float[] patch, int size) {
        for (int s = 0; s < 8; s++) {
            float[] t = new float[patch.length];
            for (int oy = 0; oy < size; oy++) {
                for (int ox = 0; ox < size; ox++) {
                    int a = (s & 4) != 0 ? ox : oy;
                    int b = (s & 4) != 0 ? oy : ox;
                    int sy = (s & 2) != 0 ? size - 1 - a : a;
                    int sx = (s & 1) != 0 ? size - 1 - b : b;
                    System.arraycopy(patch, (sy * size + sx) * 3, t, (oy * size + ox) * 3, 3);
                }
            }
            if (positionIn(image, t, size) >= 0) return true;
        }
        return false;
    }

    private static boolean occursIn(FloatImage image, float[] patch) {
        for (int y = 0; y + P <= image.height(); y++) {
            for (int x = 0; x + P <= image.width(); x++) {
                if (Arrays.equals(image.crop(y, x, P, P).data(), patch)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Which of the 8 (hflip, vflip, transpose) combinations maps {@code from} to {@code to}, or -1. */
    private static int symmetryBetween(float[] from, float[] to, int size) {
        List<Integer> matches = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            boolean h = (s & 1) != 0;
            boolean v = (s & 2) != 0;
            boolean t = (s & 4) != 0;
            boolean same = true;
            for (int oy = 0; oy < size && same; oy++) {
                for (int ox = 0; ox < size && same; ox++) {
                    int a = t ? ox : oy;
                    int b = t ? oy : ox;
                    int sy = v ? size - 1 - a : a;
                    int sx = h ? size - 1 - b : b;
                    for (int c = 0; c < 3; c++) {
                        same &= from[(sy * size + sx) * 3 + c] == to[(oy * size + ox) * 3 + c];
                    }
                }
            }
            if (same) {
                matches.add(s);
            }
        }
        return matches.size() == 1 ? matches.get(0) : -1;
    }
}
