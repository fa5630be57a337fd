package io.srgan.spark.retrain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PromotionPolicyTest {
    @Test
    void betterByMarginNeedsTheMarginAndNotWorseAllowsTheTolerance() {
        PromotionPolicy better = new PromotionPolicy(PromotionPolicy.BETTER_BY_MARGIN, 0.1);
        assertTrue(better.promotes(30.1, 30.0));
        assertFalse(better.promotes(30.09, 30.0));
        PromotionPolicy notWorse = new PromotionPolicy(PromotionPolicy.NOT_WORSE, 0.1);
        assertTrue(notWorse.promotes(29.9, 30.0));
        assertFalse(notWorse.promotes(29.89, 30.0));
        assertFalse(notWorse.promotes(Double.NaN, 30.0), "a candidate that produced NaN never wins");
        assertTrue(better.explain(30.09, 30.0).contains("30.0900 dB < 30.1000 dB needed"), better.explain(30.09, 30.0));
    }

    @Test
    void unknownPoliciesAndNegativeMarginsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PromotionPolicy("best", 0));
        assertTrue(e.getMessage().contains("better-by-margin or not-worse"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PromotionPolicy(PromotionPolicy.NOT_WORSE, -1));
    }
}
