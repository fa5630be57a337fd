package io.srgan.core.degrade;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelSamplerTest {
    @Test
    void sampledKernelsAreOddSizedNormalisedAndCoverTheSizeRange() {
        DegradationSettings s = DegradationSettings.realEsrgan();
        SplittableRandom rng = new SplittableRandom(7);
        Set<Integer> sizes = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            Kernel2D k = KernelSampler.blur(i % 2 == 0 ? s.first().blur() : s.second().blur(), rng);
            assertTrue(k.size() % 2 == 1 && k.size() >= 7 && k.size() <= 21, "size " + k.size());
            assertEquals(1.0, k.sum(), 5e-5);
            sizes.add(k.size());
        }
        assertEquals(Set.of(7, 9, 11, 13, 15, 17, 19, 21), sizes);
    }

    @Test
    void finalSincIsTheIdentityAboutOneTimeInFive() {
        DegradationSettings.FinalStep last = DegradationSettings.realEsrgan().last();
        SplittableRandom rng = new SplittableRandom(11);
        int identity = 0;
        int n = 2000;
        for (int i = 0; i < n; i++) {
            Kernel2D k = KernelSampler.finalSinc(last, rng);
            if (k.size() == 1) {
                identity++;
            } else {
                assertEquals(1.0, k.sum(), 5e-5);
            }
        }
        assertEquals(0.2, identity / (double) n, 0.03); // 1 - final_sinc_prob; binomial sd ≈ 0.009
    }
}
