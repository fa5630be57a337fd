package io.srgan.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.srgan.spark.config.JobConfigLoader;
import io.srgan.spark.train.TrainJob;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import io.srgan.spark.testing.LocalSpark;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code srgan report} on a real run of the Spark training job (local[2], two partitions, rounds of
 * one step, a data line, validation lines, the PSNR-phase checkpoint kept by the job), and on run
 * folders that are missing or hold only broken metrics.
 */
@ExtendWith(LocalSpark.class)
class ReportCommandTest {
    @Test
    void reportsARunOfTheTrainingJob(JavaSparkContext sc, @TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        new TrainJob(JobConfigLoader.load(Path.of("../conf/quickstart.conf"), List.of("generator.blocks=1", "generator.channels=4",
                "discriminator.width=4", "train.batch=2", "train.lr-patch=8", "train.psnr-steps=3", "train.steps=6",
                "checkpoint.every=2", "checkpoint.keep-last=1", "cluster.local-steps=1", "cluster.partitions=2",
                "validation.every=2", "train.hr=sample-data/train", "validation.hr=sample-data/val", "log-every=1")), run.toUri())
                .run(false);
        Path out = dir.resolve("report");
        assertEquals(0, Srgan.commandLine().execute("report", run.toString(), "--output", out.toString()));

        JsonNode summary = new ObjectMapper().readTree(Files.readAllBytes(out.resolve("summary.json")));
        assertEquals(6, summary.get("rounds_logged").asInt());
        assertEquals(6, summary.get("last_step").asLong());
        assertEquals(3, summary.get("psnr_steps").asLong());
        assertEquals(1, summary.get("other_lines").get("data").asInt());
        assertEquals("metrics", summary.get("validation").get("source").asText());
        assertEquals(0, summary.get("skipped_lines").size());
        JsonNode generators = summary.get("generators");
        assertEquals(2, generators.size(), "PSNR-phase (step 3, kept by the job) and latest (step 6) generators");
        assertEquals(3, generators.get(0).get("step").asLong());
        assertEquals(6, generators.get(1).get("step").asLong());
        JsonNode crops = summary.get("crops");
        assertEquals(2, crops.size(), "both sample validation images");
        // the crops score the whole images by the validation protocol, so the latest generator's mean
        // is the validation result the training job logged at that step
        double mean = (crops.get(0).get("psnr_y").get("sr_latest").asDouble() + crops.get(1).get("psnr_y").get("sr_latest").asDouble()) / 2;
        assertEquals(summary.get("validation").get("last").get("psnr_y").asDouble(), mean, 0.01);
        assertEquals(6, summary.get("validation").get("last").get("step").asLong());
        assertTrue(summary.get("throughput").get("mean_samples_per_s").asDouble() > 0);
        for (String chart : List.of("losses_g.png", "losses_d.png", "d_outputs.png", "learning_rates.png", "validation.png",
                "throughput.png", "round_time.png")) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(out.resolve(chart))));
            assertEquals(960, image.getWidth(), chart);
            assertEquals(440, image.getHeight(), chart);
        }
    }

    @Test
    void aMissingRunFolderIsAnErrorNotAnEmptyReport(@TempDir Path dir) {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = Srgan.commandLine();
        cl.setErr(new java.io.PrintWriter(err));
        assertEquals(2, cl.execute("report", dir.resolve("no-such-run").toString()));
        assertTrue(err.toString().contains("no-such-run/: no such run folder"), err.toString());
        assertTrue(Files.notExists(dir.resolve("no-such-run")));
    }

    @Test
    void aRunUriWithoutScaleOrValidationIsReportedWithNotes(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("empty-run"));
        Files.writeString(run.resolve("metrics.jsonl"), "not json\n{\"kind\":\"round\",\"round\":1,\"ste");
        assertEquals(0, Srgan.commandLine().execute("report", run.toUri().toString()));
        Path out = run.resolve("report");
        JsonNode summary = new ObjectMapper().readTree(Files.readAllBytes(out.resolve("summary.json")));
        assertEquals(2, summary.get("skipped_lines").size());
        String notes = summary.get("notes").toString();
        assertTrue(notes.contains("metrics.jsonl: 2 line(s) skipped: line 1: not JSON"), notes);
        assertTrue(notes.contains("line 2: truncated"), notes);
        assertTrue(notes.contains("config.json is missing"), notes);
        assertTrue(notes.contains("the run has no complete checkpoint"), notes);
        assertTrue(notes.contains("no validation folder"), notes);
        assertTrue(Files.readString(out.resolve("report.html")).contains("No metrics to plot."));
        try (var files = Files.list(out)) {
            assertEquals(List.of("report.html", "summary.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
