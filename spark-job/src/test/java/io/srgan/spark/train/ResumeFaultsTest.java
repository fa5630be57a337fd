package io.srgan.spark.train;

import static io.srgan.spark.train.TinyRuns.config;
import static io.srgan.spark.train.TinyRuns.latest;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.core.checkpoint.Checkpoints;
import io.srgan.core.train.TrainState;
import io.srgan.spark.config.ConfigException;
import io.srgan.spark.io.Checkpoint;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.MetricGoal;
import io.srgan.spark.run.RunCheckpoints;
import io.srgan.spark.testing.FaultyFileSystem;
import io.srgan.spark.testing.LocalSpark;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Resuming a run whose newest checkpoint is damaged or whose settings changed, and a validation that fails. */
@ExtendWith(LocalSpark.class)
class ResumeFaultsTest {

    @Test
    void aDamagedNewestCheckpointIsPassedOverAndTheRunEndsAsAnUninterruptedOne(JavaSparkContext sc, @TempDir Path dir)
            throws Exception {
        Path run = dir.resolve("run");
        new TrainJob(config(6), run.toUri()).run(false);
        StateArrays uninterrupted = latest(run);
        Path state = run.resolve("ckpt-00000006/" + Checkpoints.STATE);
        byte[] bytes = Files.readAllBytes(state);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(state, bytes);

        new TrainJob(config(6), run.toUri()).run(true);

        TinyRuns.assertSameState(uninterrupted, latest(run));
        JsonNode resume = only(TrainJobTest.lines(run.resolve(io.srgan.spark.run.MetricsFiles.FIRST)), "resume");
        assertEquals(3, resume.get("step").asLong());
        JsonNode passed = resume.get("passed_over").get(0);
        assertTrue(passed.get("checkpoint").asText().endsWith("ckpt-00000006"), passed.toString());
        assertTrue(passed.get("reason").asText().contains("state.npz") && passed.get("reason").asText().contains("CRC32C"),
                passed.toString());
        Path aside = Path.of(java.net.URI.create(passed.get("moved_to").asText()));
        assertTrue(aside.getFileName().toString().startsWith(CheckpointStore.DAMAGED_PREFIX + "ckpt-00000006-"), aside.toString());
        assertArrayEquals(bytes, Files.readAllBytes(aside.resolve(Checkpoints.STATE)), "the damaged bytes are kept for inspection");
    }

    @Test
    void settingsThatBreakExactResumeAreRefusedUnlessAccepted(JavaSparkContext sc, @TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        new TrainJob(config(3), run.toUri()).run(false);
        byte[] metrics = Files.readAllBytes(run.resolve(io.srgan.spark.run.MetricsFiles.FIRST));
        byte[] configJson = Files.readAllBytes(run.resolve("config.json"));

        ConfigException refused = assertThrows(ConfigException.class,
                () -> new TrainJob(config(3, "train.batch=4", "seed=5"), run.toUri()).run(true));
        assertTrue(refused.getMessage().contains("train.batch: 2 -> 4") && refused.getMessage().contains("seed: 0 -> 5")
                && refused.getMessage().contains("--resume-changed"), refused.getMessage());
        assertArrayEquals(metrics, Files.readAllBytes(run.resolve(io.srgan.spark.run.MetricsFiles.FIRST)), "a refused resume writes nothing");
        assertArrayEquals(configJson, Files.readAllBytes(run.resolve("config.json")), "a refused resume writes nothing");

        new TrainJob(config(3, "log-every=2", "checkpoint.keep-last=4"), run.toUri()).run(true);
        JsonNode safe = only(TrainJobTest.lines(run.resolve(io.srgan.spark.run.MetricsFiles.FIRST)), "resume");
        assertEquals(List.of("checkpoint.keep-last", "log-every"), keys(safe));
        assertTrue(safe.get("changed_settings").get(0).get("exact").asBoolean());

        new TrainJob(config(3, "train.batch=4"), run.toUri()).run(TrainJob.Resume.ACCEPT_CHANGES);
        List<JsonNode> resumes = TrainJobTest.lines(run.resolve(io.srgan.spark.run.MetricsFiles.FIRST)).stream()
                .filter(l -> l.path("kind").asText().equals("resume")).toList();
        JsonNode accepted = resumes.get(resumes.size() - 1);
        assertEquals(List.of("train.batch"), keys(accepted), "compared with the checkpoint, not with the last resume");
        assertFalse(accepted.get("changed_settings").get(0).get("exact").asBoolean());
        assertEquals("4", accepted.get("changed_settings").get(0).get("now").asText());
    }

    @Test
    void aCheckpointIsCommittedWhenItsValidationFailsAndRecordsWhy(JavaSparkContext sc, @TempDir Path dir) throws Exception {
        Path val = Files.createDirectories(dir.resolve("val"));
        try (Stream<Path> files = Files.list(Path.of("sample-data/val"))) {
            for (Path f : files.toList()) Files.copy(f, val.resolve(f.getFileName()));
        }
        // the store delivers 100080.png when the run starts and at the first validation, then never again
        HadoopSettings faults = FaultyFileSystem.settings(new FaultyFileSystem.Rule("val-down", ".*/val/100080\\.png",
                FaultyFileSystem.Mode.OPEN, 2, Integer.MAX_VALUE));
        Path run = dir.resolve("run");
        new TrainJob(config(6, "validation.hr=\"" + FaultyFileSystem.uri(val) + "/\""), run.toUri(), faults).run(false);

        try (CheckpointStore store = CheckpointStore.open(run.toUri(), HadoopSettings.empty())) {
            List<Checkpoint> complete = store.listComplete();
            assertEquals(List.of(3L, 6L), complete.stream().map(Checkpoint::step).toList());
            assertTrue(complete.get(0).metric(RunCheckpoints.VAL_PSNR).isPresent());
            assertFalse(complete.get(1).metric(RunCheckpoints.VAL_PSNR).isPresent(), "no score for a failed validation");
            CheckpointMeta meta;
            try (InputStream in = complete.get(1).open(Checkpoints.META)) {
                meta = Checkpoints.readMeta(in, "meta");
            }
            assertTrue(meta.validationFailure().contains("100080.png"), meta.validationFailure());
            assertEquals(6L, meta.counters().get(TrainState.STEP));
            assertEquals(3L, store.best(RunCheckpoints.VAL_PSNR, MetricGoal.MAXIMIZE).orElseThrow().step(),
                    "the best checkpoint is one with a score");
        }
        JsonNode failed = only(TrainJobTest.lines(run.resolve(io.srgan.spark.run.MetricsFiles.FIRST)), "validation_failed");
        assertEquals(6, failed.get("step").asLong());
        assertTrue(failed.get("error").asText().contains("100080.png") && failed.get("error").asText().contains("4 attempts"),
                failed.toString());
    }

    private static JsonNode only(List<JsonNode> lines, String kind) {
        List<JsonNode> found = lines.stream().filter(l -> l.path("kind").asText().equals(kind)).toList();
        assertEquals(1, found.size(), kind + " lines: " + found);
        return found.get(0);
    }

    private static List<String> keys(JsonNode resumeLine) {
        List<String> keys = new java.util.ArrayList<>();
        resumeLine.get("changed_settings").forEach(c -> keys.add(c.get("key").asText()));
        return keys;
    }
}
