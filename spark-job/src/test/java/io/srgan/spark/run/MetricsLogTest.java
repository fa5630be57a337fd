package io.srgan.spark.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.Storage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
    private static MetricsLog read(String... lines) throws IOException {
        return MetricsLog.read(new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsRoundAndValidationLinesWithEveryNumericKey() throws IOException {
        MetricsLog log = read(
                "{\"kind\":\"round\",\"round\":1,\"step\":8,\"phase\":\"psnr\",\"time\":1.7E9,\"l_g_pix\":0.05,\"lr_g\":2e-4,\"samples_per_s\":31.5}",
                "{\"kind\":\"round\",\"round\":2,\"step\":16,\"phase\":\"gan\",\"l_g_gan\":\"NaN\",\"l_new_term\":3,\"note\":\"text is ignored\"}",
                "{\"kind\":\"validation\",\"step\":16,\"round\":2,\"val_psnr_y\":27.25,\"val_ssim_y\":0.81,\"images\":5,\"generator\":\"ema\"}");
        assertEquals(2, log.rounds().size());
        RoundLine first = log.rounds().get(0);
        assertEquals(1, first.round());
        assertEquals(8, first.step());
        assertEquals("psnr", first.phase());
        assertEquals(List.of("time", "l_g_pix", "lr_g", "samples_per_s"), List.copyOf(first.values().keySet()));
        assertTrue(Double.isNaN(log.rounds().get(1).values().get("l_g_gan")));
        assertEquals(3.0, log.rounds().get(1).values().get("l_new_term"));
        ValidationLine v = log.validations().get(0);
        assertEquals(new ValidationLine(16, 2, 27.25, 0.81, 5, "ema"), v);
        assertTrue(log.skipped().isEmpty());
        assertEquals(0, log.perStepLines());
    }

    @Test
    void aLineWithoutKindIsARoundOfOneStep() throws IOException {
        MetricsLog log = read("{\"step\":7,\"phase\":\"gan\",\"time\":1.7E9,\"l_d_real\":0.6,\"lr_d\":1e-4}");
        RoundLine r = log.rounds().get(0);
        assertEquals(7, r.round());
        assertEquals(7, r.step());
        assertEquals(1, log.perStepLines());
    }

    @Test
    void badLinesAreSkippedWithTheirNumberAndReason() throws IOException {
        MetricsLog log = read(
                "{\"kind\":\"round\",\"round\":1,\"step\":10,\"l_g_pix\":0.05}",
                "",
                "Traceback (most recent call last):",
                "[1, 2]",
                "{\"kind\":\"round\",\"round\":2,\"l_g_pix\":0.04}",
                "{\"kind\":\"round\",\"round\":3,\"step\":12.5}",
                "{\"kind\":\"data\",\"step\":0,\"pairs\":16}",
                "{\"kind\":\"validation\",\"step\":30}",
                "{\"kind\":\"round\",\"round\":4,\"step\":40} {\"kind\":\"round\"}",
                "{\"kind\":\"round\",\"round\":5,\"step\":50,\"l_g_p");
        assertEquals(1, log.rounds().size());
        List<SkippedLine> s = log.skipped();
        assertEquals(List.of(3L, 4L, 5L, 6L, 8L, 9L, 10L), s.stream().map(SkippedLine::line).toList());
        assertEquals(java.util.Map.of("data", 1), log.otherKinds(), "other kinds are passed over, not skipped");
        assertTrue(s.get(0).reason().startsWith("not JSON (Unrecognized token 'Traceback'"), s.get(0).reason());
        assertEquals("not a JSON object", s.get(1).reason());
        assertEquals("no whole non-negative number 'step'", s.get(2).reason());
        assertEquals("no whole non-negative number 'step'", s.get(3).reason());
        assertEquals("validation line without a number 'val_psnr_y'", s.get(4).reason());
        assertTrue(s.get(5).reason().startsWith("not JSON"), s.get(5).reason());
        assertTrue(s.get(6).reason().startsWith("truncated"), s.get(6).reason());
    }

    @Test
    void anEmptyFileHasNothing() throws IOException {
        MetricsLog log = read("");
        assertTrue(log.rounds().isEmpty() && log.validations().isEmpty() && log.skipped().isEmpty());
        assertNull(log.keys().stream().findFirst().orElse(null));
    }

    @Test
    void partsAreReadInOrderAndASkippedLineNamesItsPart(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("metrics.000002.jsonl"), "{\"kind\":\"round\",\"round\":3,\"step\":3}\n");
        Files.writeString(dir.resolve("metrics.jsonl"), "{\"kind\":\"round\",\"round\":1,\"step\":1}\nnot json\n");
        Files.writeString(dir.resolve("metrics.000001.jsonl"), "{\"kind\":\"round\",\"round\":2,\"step\":2}\n{\"kind\n");
        Files.writeString(dir.resolve("_tmp-metrics.000003.jsonl-0b8e6c8a-9d1e-4c55-a2f4-3d3f1d1b9e0a"), "{\"step\":9}\n");
        Files.writeString(dir.resolve("metrics.jsonl.bak"), "{\"step\":9}\n");
        FileSystem fs = FileSystem.getLocal(new Configuration());
        List<MetricsFiles.Part> parts = MetricsFiles.list(fs, new org.apache.hadoop.fs.Path(dir.toUri()));
        assertEquals(List.of("metrics.jsonl", "metrics.000001.jsonl", "metrics.000002.jsonl"),
                parts.stream().map(MetricsFiles.Part::name).toList());
        MetricsLog log = MetricsLog.read(fs, parts);
        assertEquals(List.of(1L, 2L, 3L), log.rounds().stream().map(RoundLine::step).toList());
        assertEquals(2, log.skipped().size());
        assertTrue(log.skipped().get(0).toString().startsWith("line 2: not JSON"), log.skipped().toString());
        assertTrue(log.skipped().get(1).toString().startsWith("metrics.000001.jsonl line 2: truncated"), log.skipped().toString());
    }

    /**
     * The lines as the training job makes them, written by its writer, read back by the report's reader:
     * the same records, and on disk the bytes earlier builds wrote (scripts and old reports read them).
     */
    @Test
    void whatTheJobWritesReadsBackAsWrittenAndKeepsItsFormat(@TempDir Path dir) throws IOException {
        ValidationLine validation = new ValidationLine(16, 2, 27.25, 0.8125, 5, "ema");
        Map<String, Object> round = RoundLine.start(2, 16, "gan");
        round.put(RoundMetrics.TIME, 1.7E9);
        round.put(RoundMetrics.PARTITIONS, 4);
        round.put("l_g_pix", 0.05);
        round.put(RoundMetrics.SLOWEST_EXECUTOR, "3");
        round.put(RoundMetrics.TRAFFIC_INCOMPLETE, true);
        try (Storage storage = Storage.open(dir.toUri(), HadoopSettings.empty())) {
            MetricsLogWriter writer = MetricsLogWriter.open(storage, -1);
            writer.append(MetricsLines.init("/runs/a/ckpt-00000100", "ema", false));
            writer.append(MetricsLines.data(0, 0, 10, 1, Map.of("corrupt", 1), 4, List.of(3, 3, 2, 2), List.of("bad.png: corrupt")));
            writer.append(round);
            writer.append(MetricsLines.dataLoss(2, 1, "7", 2, 3, List.of("x.png: missing")));
            writer.append(MetricsLines.divergence(3, 16, 8, "skip-round", 1L, 1.0, List.of("partition 0: l_g_pix NaN")));
            writer.append(validation.fields());
            writer.append(MetricsLines.validationFailed(24, 3, "java.io.IOException: gone"));
            writer.append(MetricsLines.resume(16, "/runs/b/ckpt-00000016", List.of(Map.of("checkpoint", "/runs/b/ckpt-00000024")),
                    List.of(Map.of("key", "train.steps"))));
            writer.flush();
        }
        assertEquals(List.of(
                "{\"kind\":\"init\",\"checkpoint\":\"/runs/a/ckpt-00000100\",\"generator_weights\":\"ema\",\"discriminator\":false}",
                "{\"kind\":\"data\",\"step\":0,\"epoch\":0,\"pairs\":10,\"skipped\":1,\"skipped_by_reason\":{\"corrupt\":1},"
                        + "\"partitions\":4,\"pairs_per_partition\":[3,3,2,2],\"problems\":[\"bad.png: corrupt\"]}",
                "{\"kind\":\"round\",\"round\":2,\"step\":16,\"phase\":\"gan\",\"time\":1.7E9,\"partitions\":4,\"l_g_pix\":0.05,"
                        + "\"slowest_executor\":\"3\",\"traffic_incomplete\":true}",
                "{\"kind\":\"data_loss\",\"round\":2,\"partition\":1,\"executor\":\"7\",\"pairs\":2,\"expected_pairs\":3,"
                        + "\"problems\":[\"x.png: missing\"]}",
                "{\"kind\":\"divergence\",\"round\":3,\"step\":16,\"steps\":8,\"action\":\"skip-round\",\"rollbacks\":1,"
                        + "\"lr_factor\":1.0,\"what\":[\"partition 0: l_g_pix NaN\"]}",
                "{\"kind\":\"validation\",\"step\":16,\"round\":2,\"val_psnr_y\":27.25,\"val_ssim_y\":0.8125,\"images\":5,"
                        + "\"generator\":\"ema\"}",
                "{\"kind\":\"validation_failed\",\"step\":24,\"round\":3,\"error\":\"java.io.IOException: gone\"}",
                "{\"kind\":\"resume\",\"step\":16,\"checkpoint\":\"/runs/b/ckpt-00000016\","
                        + "\"passed_over\":[{\"checkpoint\":\"/runs/b/ckpt-00000024\"}],\"changed_settings\":[{\"key\":\"train.steps\"}]}"),
                Files.readAllLines(dir.resolve(MetricsFiles.FIRST)));

        FileSystem fs = FileSystem.getLocal(new Configuration());
        MetricsLog log = MetricsLog.read(fs, MetricsFiles.list(fs, new org.apache.hadoop.fs.Path(dir.toUri())));
        assertEquals(List.of(new RoundLine(2, 16, "gan", Map.of(RoundMetrics.TIME, 1.7E9, RoundMetrics.PARTITIONS, 4.0, "l_g_pix", 0.05))),
                log.rounds());
        assertEquals(List.of(validation), log.validations());
        assertEquals(Map.of("data", 1, "data_loss", 1, "divergence", 1, "init", 1, "resume", 1, "validation_failed", 1), log.otherKinds());
        assertTrue(log.skipped().isEmpty(), log.skipped().toString());
        assertEquals(Map.of(ValidationLine.PSNR_Y, 27.25, ValidationLine.SSIM_Y, 0.8125), validation.scores());
    }
}
