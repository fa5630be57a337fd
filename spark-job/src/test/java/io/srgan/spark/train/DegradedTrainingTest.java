package io.srgan.spark.train;

import static io.srgan.spark.train.TinyRuns.config;
import static io.srgan.spark.train.TinyRuns.latest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.testing.LocalSpark;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * degradation.enabled: the executors make each LR patch from its HR patch, seeded per patch, so a
 * resumed run ends bit-identical to the uninterrupted one, and the model learns from other pairs
 * than bicubic ones.
 */
@ExtendWith(LocalSpark.class)
class DegradedTrainingTest {

    @Test
    void aResumedDegradedRunEndsBitIdenticalAndDiffersFromBicubicTraining(JavaSparkContext sc, @TempDir Path dir) throws Exception {
        String[] degraded = {"degradation.enabled=true", "train.lr-patch=8"};
        Path straight = dir.resolve("straight");
        new TrainJob(config(6, degraded), straight.toUri()).run(false);
        Path resumed = dir.resolve("resumed");
        new TrainJob(config(6, degraded), resumed.toUri()).run(false, 4); // stops after round 4; newest checkpoint: step 3
        new TrainJob(config(6, degraded), resumed.toUri()).run(true);
        TinyRuns.assertSameState(latest(straight), latest(resumed));

        Path bicubic = dir.resolve("bicubic");
        new TrainJob(config(6, "train.lr-patch=8"), bicubic.toUri()).run(false);
        StateArrays a = latest(straight);
        StateArrays b = latest(bicubic);
        int head = a.indexOf("g/head.weight");
        assertFalse(Arrays.equals(a.values(head), b.values(b.indexOf("g/head.weight"))), "degraded pairs train another model");
    }

    /** Real-ESRGAN's x1: an RRDB restores degraded images at their own size (the x4 network on a 4x unshuffled input). */
    @Test
    void anX1RrdbTrainsOnDegradedPairsOfTheSameSize(JavaSparkContext sc, @TempDir Path dir) throws Exception {
        Path run = dir.resolve("x1");
        new TrainJob(config(2, "degradation.enabled=true", "scale=1", "generator.arch=rrdb", "generator.blocks=1", "generator.channels=4",
                "generator.growth=2", "generator.upsampler=nearest", "train.lr-patch=8"), run.toUri()).run(false);
        StateArrays s = latest(run);
        assertEquals(48, s.shape(s.indexOf("g/conv_first.weight"))[2], "conv_first reads the 3·16 unshuffled channels");
        assertTrue(s.counter(io.srgan.core.train.TrainState.STEP) >= 2);
    }
}
