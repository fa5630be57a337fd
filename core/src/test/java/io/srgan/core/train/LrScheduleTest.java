package io.srgan.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
    private static final double EPS = 1e-12;

    @Test
    void warmupRampsLinearlyFromItsStartThenFollowsTheSchedule() {
        LrSchedule s = LrSchedule.constant().withWarmupFrom(100, 4);
        assertEquals(1.0, s.factor(99), EPS, "before the warm-up");
        assertEquals(0.25, s.factor(100), EPS);
        assertEquals(0.5, s.factor(101), EPS);
        assertEquals(1.0, s.factor(103), EPS);
        assertEquals(1.0, s.factor(104), EPS);
        assertEquals(0.5, LrSchedule.constant().withWarmup(2).factor(0), EPS, "warm-up from step 0");
    }

    @Test
    void theGanWarmupStartsWithTheGanPhaseAndMultipliesTheSchedule() {
        ScheduleConfig c = new ScheduleConfig("cosine", 1000, 0, null, 1, 10, 20);
        LrSchedule s = c.build(400);
        LrSchedule cosine = LrSchedule.cosine(1000, 0);
        assertEquals(cosine.factor(0) / 10, s.factor(0), EPS, "step-0 warm-up");
        assertEquals(cosine.factor(399), s.factor(399), EPS, "the PSNR phase after its warm-up");
        assertEquals(cosine.factor(400) / 20, s.factor(400), EPS, "first GAN step");
        assertEquals(cosine.factor(409) * 10 / 20, s.factor(409), EPS);
        assertEquals(cosine.factor(420), s.factor(420), EPS, "after the GAN warm-up");
    }
}
