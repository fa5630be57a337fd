package io.srgan.core.degrade;

import io.srgan.core.data.FloatImage;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DegradationTest {
    private final Degradation realEsrgan = new Degradation(DegradationSettings.realEsrgan());

    @Test
    void sameSeedSameOutputAcrossInstances() {
        FloatImage hr = JpegRoundTripTest.texture(128, 128, 1);
        for (long seed : new long[] {0, 1, -7, 123456789012L}) {
            FloatImage a = realEsrgan.apply(hr, seed);
            FloatImage b = new Degradation(DegradationSettings.realEsrgan()).apply(hr, seed);
            assertArrayEquals(a.data(), b.data(), "seed " + seed);
        }
    }

    @Test
    void differentSeedsGiveDifferentOutputs() {
        FloatImage hr = JpegRoundTripTest.texture(128, 128, 2);
        Set<Integer> hashes = new HashSet<>();
        for (long seed = 0; seed < 8; seed++) {
            hashes.add(Arrays.hashCode(realEsrgan.apply(hr, seed).data()));
        }
        assertEquals(8, hashes.size());
    }

    @Test
    void outputIsHrOverScaleOnTheEightBitGridAndLeavesTheInputAlone() {
        FloatImage hr = JpegRoundTripTest.texture(96, 96, 3);
        float[] before = hr.data().clone();
        for (long seed = 0; seed < 40; seed++) { // enough draws to pass through every branch
            assertLr(realEsrgan.apply(hr, seed), 24, 24);
        }
        assertArrayEquals(before, hr.data());
        assertLr(realEsrgan.apply(JpegRoundTripTest.texture(250, 262, 4), 5), 62, 65); // floor division
        assertLr(new Degradation(DegradationSettings.realEsrgan(2)).apply(hr, 6), 48, 48);
    }

    @Test
    void flatImageStaysFlatWhenNoiseIsOff() {
        // Noise pinned to Gaussian with sigma 0; blur, resize, sinc and JPEG all preserve a constant
        // (kernels sum to 1, resize weights sum to 1), whatever the seed draws.
        DegradationSettings d = DegradationSettings.realEsrgan();
        DegradationSettings.Noise silent = new DegradationSettings.Noise(1, new DegradationSettings.Range(0, 0), d.first().noise().poissonScale(), 0);
        DegradationSettings.Stage s1 = new DegradationSettings.Stage(1, d.first().blur(),
                new DegradationSettings.Resize(0, 1, 0, new DegradationSettings.Range(0.5, 1.5), List.of(ResizeMode.AREA)), silent, new DegradationSettings.Range(95, 95));
        DegradationSettings.Stage s2 = new DegradationSettings.Stage(0, d.second().blur(),
                new DegradationSettings.Resize(0, 0, 1, d.second().resize().range(), List.of(ResizeMode.BILINEAR)), silent, new DegradationSettings.Range(95, 95));
        Degradation flatPath = new Degradation(new DegradationSettings(4, s1, s2, d.last(), 0, null));
        FloatImage flat = Filter2DTest.constant(64, 64, 3, 100 / 255f);
        for (long seed = 0; seed < 10; seed++) {
            FloatImage out = flatPath.apply(flat, seed);
            for (float v : out.data()) {
                assertEquals(100 / 255f, v, 1.5f / 255, "seed " + seed); // JPEG may move a flat grey by a level
            }
        }
    }

    @Test
    void defaultsAreRealEsrganX4plus() {
        DegradationSettings s = DegradationSettings.realEsrgan();
        assertEquals(4, s.scale());
        assertEquals(Map.of(KernelShape.ISO, 0.45, KernelShape.ANISO, 0.25, KernelShape.GENERALIZED_ISO, 0.12,
                KernelShape.GENERALIZED_ANISO, 0.03, KernelShape.PLATEAU_ISO, 0.12, KernelShape.PLATEAU_ANISO, 0.03),
                s.first().blur().kernelProbs());
        assertEquals(new DegradationSettings.Range(0.2, 3), s.first().blur().sigma());
        assertEquals(new DegradationSettings.Range(0.2, 1.5), s.second().blur().sigma());
        assertEquals(0.1, s.first().blur().sincProb());
        assertEquals(0.1, s.second().blur().sincProb());
        assertEquals(1.0, s.first().blurProb());
        assertEquals(0.8, s.second().blurProb());
        assertEquals(0.8, s.last().sincProb());
        assertEquals(new DegradationSettings.Resize(0.2, 0.7, 0.1, new DegradationSettings.Range(0.15, 1.5),
                List.of(ResizeMode.AREA, ResizeMode.BILINEAR, ResizeMode.BICUBIC)), s.first().resize());
        assertEquals(new DegradationSettings.Range(0.3, 1.2), s.second().resize().range());
        assertEquals(new DegradationSettings.Noise(0.5, new DegradationSettings.Range(1, 30), new DegradationSettings.Range(0.05, 3), 0.4), s.first().noise());
        assertEquals(new DegradationSettings.Noise(0.5, new DegradationSettings.Range(1, 25), new DegradationSettings.Range(0.05, 2.5), 0.4), s.second().noise());
        assertEquals(new DegradationSettings.Range(30, 95), s.first().jpegQuality());
        assertEquals(new DegradationSettings.Range(30, 95), s.second().jpegQuality());
    }

    @Test
    void invalidSettingsAreRefusedWithTheirName() {
        DegradationSettings d = DegradationSettings.realEsrgan();
        DegradationSettings.Blur b = d.first().blur();
        assertMessage("kernel sizes must be odd", () -> new DegradationSettings.Blur(8, 21, b.kernelProbs(), b.sigma(), b.rotation(),
                b.betaG(), b.betaP(), b.sincProb(), b.sincLargeFrom(), b.sincCutoffSmall(), b.sincCutoffLarge()));
        assertMessage("betaP must contain 1", () -> new DegradationSettings.Blur(7, 21, b.kernelProbs(), b.sigma(), b.rotation(),
                b.betaG(), new DegradationSettings.Range(1.5, 2), b.sincProb(), b.sincLargeFrom(), b.sincCutoffSmall(), b.sincCutoffLarge()));
        assertMessage("must not all be 0", () -> new DegradationSettings.Blur(7, 21, Map.of(KernelShape.ISO, 0.0), b.sigma(), b.rotation(),
                b.betaG(), b.betaP(), b.sincProb(), b.sincLargeFrom(), b.sincCutoffSmall(), b.sincCutoffLarge()));
        assertMessage("min <= max", () -> new DegradationSettings.Range(2, 1));
        assertMessage("resize range", () -> new DegradationSettings.Resize(1, 1, 1, new DegradationSettings.Range(1.1, 2), List.of(ResizeMode.AREA)));
        assertMessage("gaussianProb must be a probability", () -> new DegradationSettings.Noise(1.5, d.first().noise().gaussianSigma(), d.first().noise().poissonScale(), 0.4));
        assertMessage("jpegQuality", () -> new DegradationSettings.Stage(1, b, d.first().resize(), d.first().noise(), new DegradationSettings.Range(0, 95)));
        assertMessage("scale", () -> new DegradationSettings(0, d.first(), d.second(), d.last(), 0, null));
        assertMessage("resize modes must not be empty", () -> new DegradationSettings.FinalStep(0.5, List.of(), 0.8, 7, 21, d.last().sincCutoff()));
        assertMessage("smaller than the scale", () -> realEsrgan.apply(Filter2DTest.constant(3, 40, 3, 0.5f), 1));
        assertMessage("RGB", () -> realEsrgan.apply(Filter2DTest.constant(64, 64, 1, 0.5f), 1));
    }

    /** Real-ESRGAN degrades a 400² crop for a 256² patch; auto keeps that ratio, on the LR grid. */
    @Test
    void cropSizeIsRealEsrgansRatioOrTheGivenSideOnTheLrGridAndNeverBelowThePatch() {
        DegradationSettings x4 = DegradationSettings.realEsrgan(4);
        assertEquals(400, x4.cropSize(256));
        assertEquals(100, x4.cropSize(64));
        assertEquals(152, x4.cropSize(96));  // 150 rounded up to a multiple of 4
        assertEquals(400, x4.withCropPadSize(400).cropSize(64));
        assertEquals(132, x4.withCropPadSize(130).cropSize(64));
        assertEquals(96, x4.withCropPadSize(80).cropSize(96));
        assertEquals(63, DegradationSettings.realEsrgan(3).cropSize(39)); // ceil(60.9) = 61 -> 63
        assertMessage("crop-pad size", () -> x4.withCropPadSize(-1));
    }

    /** Cost of one 256² degradation; printed for the record, never asserted. */
    @Test
    void timingOfA256PatchIsReported() {
        FloatImage hr = JpegRoundTripTest.texture(256, 256, 9);
        for (int i = 0; i < 15; i++) {
            realEsrgan.apply(hr, i);
        }
        int n = 40;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = threads.getCurrentThreadCpuTime(); // CPU time too: wall time on a shared machine includes waiting
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            realEsrgan.apply(hr, 1000 + i);
        }
        double ms = (System.nanoTime() - t0) / 1e6 / n;
        double cpu = (threads.getCurrentThreadCpuTime() - c0) / 1e6 / n;
        System.out.printf("Degradation of 256x256 HR (x4): %.2f ms wall, %.2f ms CPU per image, mean of %d seeds%n", ms, cpu, n);
    }

    private static void assertLr(FloatImage lr, int h, int w) {
        assertEquals(h, lr.height());
        assertEquals(w, lr.width());
        assertEquals(3, lr.channels());
        boolean varies = false;
        for (float v : lr.data()) {
            assertTrue(v >= 0f && v <= 1f, "value " + v);
            assertEquals(Math.rint(v * 255), v * 255, 1e-3, "off the 8-bit grid: " + v);
            varies |= v != lr.data()[0];
        }
        assertTrue(varies);
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        String m = assertThrows(IllegalArgumentException.class, e).getMessage();
        assertTrue(m.contains(part), "message \"" + m + "\" should mention \"" + part + "\"");
        assertFalse(m.isBlank());
    }
}
