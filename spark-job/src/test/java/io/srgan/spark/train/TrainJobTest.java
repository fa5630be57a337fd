package io.srgan.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.train.TrainState;
import io.srgan.spark.config.JobConfig;
import io.srgan.spark.config.JobConfigLoader;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A tiny run on the shipped sample images: both phases, checkpoints, validation, and exact resume. */
class TrainJobTest {
    static JobConfig tiny(long steps, String... more) {
        List<String> o = new ArrayList<>(List.of("generator.blocks=1", "generator.channels=4", "discriminator.width=4",
                "train.batch=2", "train.lr-patch=8", "train.psnr-steps=3", "train.steps=" + steps, "checkpoint.every=3",
                "validation.every=3", "train.hr=sample-data/train", "validation.hr=sample-data/val", "ema-decay=0.9",
                "loss.adversarial=ragan", "loss.feature-matching-weight=0.1", "loss.feature-blocks=[2,4]"));
        o.addAll(List.of(more));
        return JobConfigLoader.load(Path.of("../conf/quickstart.conf"), o);
    }

    @Test
    void interruptedAndResumedRunEndsWithTheSameState(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight");
        new TrainJob(tiny(6), straight).run(false);
        Path resumed = dir.resolve("resumed");
        new TrainJob(tiny(6), resumed).run(false, 4);        // "crashes" after step 4: the newest checkpoint is step 3
        new TrainJob(tiny(6), resumed).run(true);            // continues from 3 to 6
        TrainState a = latest(straight);
        TrainState b = latest(resumed);
        assertEquals(6L, a.counter(TrainState.STEP));
        assertEquals(a.counters(), b.counters());
        for (var e : a.tensors().entrySet()) {
            INDArray other = b.tensors().get(e.getKey());
            assertEquals(e.getValue(), other, e.getKey() + " differs after resume");
        }
        assertTrue(Files.size(straight.resolve("metrics.jsonl")) > 0);
        assertTrue(Files.exists(straight.resolve("samples/100075_sr.png")));
    }

    @Test
    void sameConfigAndSeedGiveTheSameRun(@TempDir Path dir) throws Exception {
        new TrainJob(tiny(6), dir.resolve("a")).run(false);
        new TrainJob(tiny(6), dir.resolve("b")).run(false);
        TrainState a = latest(dir.resolve("a"));
        TrainState b = latest(dir.resolve("b"));
        for (var e : a.tensors().entrySet()) assertEquals(e.getValue(), b.tensors().get(e.getKey()), "same seed, different " + e.getKey());
    }

    @Test
    void refusesToOverwriteARunWithoutResume(@TempDir Path dir) throws Exception {
        new TrainJob(tiny(3), dir).run(false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new TrainJob(tiny(6), dir).run(false));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    }

    private static TrainState latest(Path run) throws Exception {
        try (CheckpointStore store = CheckpointStore.open(run.toUri(), HadoopSettings.empty())) {
            return RunCheckpoints.load(store.latest().orElseThrow()).state();
        }
    }
}
