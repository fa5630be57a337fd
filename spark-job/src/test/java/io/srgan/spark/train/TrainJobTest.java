package io.srgan.spark.train;

import static io.srgan.spark.train.TinyRuns.config;
import static io.srgan.spark.train.TinyRuns.latest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.srgan.core.train.TrainState;
import io.srgan.spark.testing.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Tiny runs on Spark local[2] on the shipped sample images: both phases, checkpoints, validation, metrics, resume. */
@ExtendWith(LocalSpark.class)
class TrainJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void interruptedAndResumedRunEndsBitIdentical(JavaSparkContext sc, @TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight");
        new TrainJob(config(6), straight.toUri()).run(false);
        Path resumed = dir.resolve("resumed");
        new TrainJob(config(6), resumed.toUri()).run(false, 4);  // "crashes" after step 4: the newest checkpoint is step 3
        new TrainJob(config(6), resumed.toUri()).run(true);      // continues from 3 to 6
        StateArrays a = latest(straight);
        assertEquals(6L, a.counter(TrainState.STEP));
        assertEquals(2L, a.counter(TrainJob.PARTITIONS));
        TinyRuns.assertSameState(a, latest(resumed));
        assertTrue(Files.exists(straight.resolve("samples/100075_sr.png")));

        List<JsonNode> lines = lines(resumed.resolve("metrics.jsonl"));
        List<Long> roundSteps = new ArrayList<>();
        for (JsonNode l : lines) if (l.path("kind").asText().equals("round")) roundSteps.add(l.get("step").asLong());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), roundSteps, "the resumed log has each round once");
        JsonNode gan = lines.stream().filter(l -> l.path("kind").asText().equals("round") && l.get("step").asLong() == 6)
                .findFirst().orElseThrow();
        for (String k : List.of("l_g_pix", "l_g_gan", "l_g_fm", "l_d_real", "l_d_fake", "out_d_real", "out_d_fake", "lr_g",
                "lr_d", "samples_per_s", "compute_s", "averaging_s", "broadcast_s")) {
            assertTrue(gan.has(k) && Double.isFinite(gan.get(k).asDouble()), "round line lacks " + k + ": " + gan);
        }
        assertEquals(4, gan.get("samples").asLong(), "2 partitions x 1 step x batch 2");
        long validations = lines.stream().filter(l -> l.path("kind").asText().equals("validation")).count();
        assertEquals(2, validations, "checkpoints at 3 and 6, with validation");
    }

    @Test
    void refusesToOverwriteARunWithoutResume(JavaSparkContext sc, @TempDir Path dir) throws Exception {
        new TrainJob(config(3), dir.toUri()).run(false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new TrainJob(config(6), dir.toUri()).run(false));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    }

    @Test
    void badAndMissingFilesInAManifestAreReportedNotFatal(JavaSparkContext sc, @TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        List<String> entries = new ArrayList<>();
        try (var files = Files.list(Path.of("sample-data/train"))) {
            files.sorted().limit(4).forEach(f -> entries.add(f.toAbsolutePath().toString()));
        }
        Files.writeString(data.resolve("notes.png"), "not an image");
        entries.add("notes.png");              // relative to the manifest's folder
        entries.add("missing.png");
        Files.write(data.resolve("pairs.tsv"), ("# training pairs\n" + String.join("\n", entries) + "\n").getBytes());
        Path run = dir.resolve("run");
        new TrainJob(config(3, "train.hr=null", "train.manifest=\"" + data.resolve("pairs.tsv") + "\""), run.toUri()).run(false);
        assertEquals(3L, latest(run).counter(TrainState.STEP));
        JsonNode dataLine = lines(run.resolve("metrics.jsonl")).stream().filter(l -> l.path("kind").asText().equals("data"))
                .findFirst().orElseThrow();
        assertEquals(4, dataLine.get("pairs").asInt());
        assertEquals(2, dataLine.get("skipped").asInt());
        String problems = dataLine.get("problems").toString();
        assertTrue(problems.contains("corrupt: ") && problems.contains("notes.png") && problems.contains("missing: ")
                && problems.contains("missing.png"), problems);
        assertEquals(1, dataLine.get("skipped_by_reason").get("corrupt").asInt(), dataLine.toString());
        assertEquals(1, dataLine.get("skipped_by_reason").get("missing").asInt(), dataLine.toString());
    }

    static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) out.add(JSON.readTree(l));
        return out;
    }
}
