package io.srgan.spark.train;

import static io.srgan.spark.train.TinyRuns.config;
import static io.srgan.spark.train.TinyRuns.latest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.srgan.core.train.TrainState;
import io.srgan.spark.testing.LocalSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Divergence in real runs: D's learning rate is absurd (1e8 or 1e7), so the GAN phase's weights and
 * G's second moments overflow within a few steps while the PSNR phase trains normally. A diverged
 * round is rolled back and never averaged or checkpointed; the policy decides what follows.
 */
@ExtendWith(LocalSpark.class)
class DivergenceTest {

    @Test
    void stopRollsBackAndKeepsTheLastGoodCheckpoint(JavaSparkContext sc, @TempDir Path dir) throws Exception {
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> new TrainJob(
                config(12, "optimizer.discriminator.lr=1e8", "train.psnr-steps=2", "cluster.local-steps=2", "checkpoint.every=2",
                        "validation.hr=null"), dir.toUri()).run(false));
        assertTrue(e.getMessage().contains("diverged") && e.getMessage().contains("Rolled back")
                && e.getMessage().contains("newest checkpoint, step"), e.getMessage());
        StateArrays kept = latest(dir); // readers refuse non-finite checkpoints: this one reads
        assertNull(kept.firstNonFinite());
        List<JsonNode> divergences = lines(dir, "divergence");
        assertEquals(1, divergences.size());
        assertEquals("stop", divergences.get(0).get("action").asText());
        assertEquals(kept.counter(TrainState.STEP), divergences.get(0).get("step").asLong(), "no checkpoint after the diverged round");
        assertTrue(divergences.get(0).get("step").asLong() >= 2, "the PSNR phase trained normally");
    }

    @Test
    void halveLrRunsTheRoundAgainWithHalvedRatesUntilItHolds(JavaSparkContext sc, @TempDir Path dir) throws Exception {
        new TrainJob(config(12, "optimizer.discriminator.lr=1e7", "train.psnr-steps=2", "cluster.local-steps=2",
                "checkpoint.every=12", "train.on-divergence=halve-lr", "train.divergence-limit=5"), dir.toUri()).run(false);
        StateArrays end = latest(dir);
        assertEquals(12L, end.counter(TrainState.STEP));
        assertNull(end.firstNonFinite());
        long halvings = end.counter(DivergencePolicy.HALVINGS);
        assertTrue(halvings >= 1, "rates were halved");
        assertEquals(halvings, lines(dir, "divergence").size());
        assertEquals(6, lines(dir, "round").size(), "every round once in the log, the rolled-back attempts only as divergence lines");
    }

    @Test
    void skipRoundGoesOnWithTheNextRoundsDataUntilTheLimit(JavaSparkContext sc, @TempDir Path dir) throws Exception {
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> new TrainJob(
                config(12, "optimizer.discriminator.lr=1e8", "train.psnr-steps=2", "cluster.local-steps=2", "checkpoint.every=2",
                        "train.on-divergence=skip-round", "train.divergence-limit=2", "validation.hr=null"), dir.toUri()).run(false));
        assertTrue(e.getMessage().contains("train.divergence-limit = 2"), e.getMessage());
        List<JsonNode> divergences = lines(dir, "divergence");
        assertEquals(3, divergences.size());
        assertEquals(List.of("skip-round", "skip-round", "stop"), divergences.stream().map(l -> l.get("action").asText()).toList());
        long first = divergences.get(0).get("step").asLong();
        assertEquals(List.of(first, first + 2, first + 4), divergences.stream().map(l -> l.get("step").asLong()).toList(),
                "each skipped round's steps are passed over");
        assertNull(latest(dir).firstNonFinite());
    }

    private static List<JsonNode> lines(Path run, String kind) throws Exception {
        return TrainJobTest.lines(run.resolve("metrics.jsonl")).stream().filter(l -> l.path("kind").asText().equals(kind)).toList();
    }

}
