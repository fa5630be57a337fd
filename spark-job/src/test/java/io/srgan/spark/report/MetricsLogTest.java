package io.srgan.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.run.MetricsFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        assertEquals(new ValidationLine(3, 16, 2, 27.25, 0.81, 5, "ema"), v);
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
}
