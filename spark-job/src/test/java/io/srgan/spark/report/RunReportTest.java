package io.srgan.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.srgan.core.data.DecodedImage;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.MatlabBicubic;
import io.srgan.core.data.ModCrop;
import io.srgan.core.degrade.Degradation;
import io.srgan.core.metric.ImageScore;
import io.srgan.core.metric.SrMetrics;
import io.srgan.spark.config.JobConfigLoader;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.Storage;
import io.srgan.spark.testing.AllStorages;
import io.srgan.spark.testing.BuildDirs;
import io.srgan.spark.testing.TestStorage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** The report of a synthetic Spark-job run, rendered from local, HDFS and S3 run folders. */
class RunReportTest {
    static final List<String> CHARTS = List.of("losses_g.png", "losses_d.png", "losses_other.png", "d_outputs.png",
            "learning_rates.png", "validation.png", "throughput.png", "round_time.png", "task_times.png", "exchange_bytes.png",
            "driver_heap.png");
    static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void rendersChartsCropsHtmlAndSummaryFromARunOnEachStorage(TestStorage storage) throws Exception {
        SyntheticRun run = SyntheticRun.create(storage.newFolder("report"), storage.settings(), true);
        ReportResult result = RunReport.render(run.run, storage.settings(), null);

        assertEquals(run.run.resolve("report/"), result.folder());
        List<String> expected = new ArrayList<>(CHARTS);
        expected.addAll(List.of("crops.png", "summary.json", "report.html"));
        assertEquals(expected, result.files());
        for (String chart : CHARTS) {
            BufferedImage image = ImageChecks.assertPng(read(result.folder(), storage.settings(), chart), 960, 440, chart);
            assertTrue(ImageChecks.colouredPixels(image) > 500, chart + " has hardly any drawn series");
        }
        // 5 columns (LR, bicubic, SR PSNR phase, SR latest, HR) of 48·4 = 192 px cells with 10 px gaps:
        // 10 + 5·(192 + 10) wide; 44 px header, then per image 24 + 192 + 24 px, and 10 px at the bottom
        BufferedImage grid = ImageChecks.assertPng(read(result.folder(), storage.settings(), "crops.png"), 1020, 44 + 2 * 240 + 10, "crops");
        assertTrue(ImageChecks.colouredPixels(grid) > 20_000, "the crops show hardly any colour");

        JsonNode summary = JSON.readTree(read(result.folder(), storage.settings(), "summary.json"));
        assertEquals(run.run.toString(), summary.get("run").asText());
        assertEquals(SyntheticRun.STEPS, summary.get("last_step").asLong());
        assertEquals("gan", summary.get("last_phase").asText());
        assertEquals(SyntheticRun.ROUNDS, summary.get("rounds_logged").asInt());
        assertEquals(run.lastPixLoss, summary.get("final").get("l_g_pix").asDouble(), 1e-5);
        assertEquals(0.001, summary.get("final").get("l_custom").asDouble(), 0.001);
        double best = Collections.max(run.validationPsnr.values());
        assertEquals("metrics", summary.get("validation").get("source").asText());
        assertEquals(best, summary.get("validation").get("best").get("psnr_y").asDouble(), 1e-4);
        assertEquals(SyntheticRun.PSNR_STEPS, summary.get("validation").get("best").get("step").asLong());
        assertEquals(SyntheticRun.STEPS, summary.get("validation").get("last").get("step").asLong());
        assertTrue(summary.get("throughput").get("mean_samples_per_s").asDouble() > 50);
        assertTrue(summary.get("round_time").get("mean_compute_s").asDouble() > 1.5);

        JsonNode generators = summary.get("generators");
        assertEquals(2, generators.size());
        assertEquals("sr_psnr_phase", generators.get(0).get("column").asText());
        assertEquals(SyntheticRun.PSNR_STEPS, generators.get(0).get("step").asLong());
        assertEquals("sr_latest", generators.get(1).get("column").asText());
        assertEquals(SyntheticRun.STEPS, generators.get(1).get("step").asLong());
        assertEquals("ema", generators.get(1).get("weights").asText());

        JsonNode crops = summary.get("crops");
        assertEquals(2, crops.size());
        assertEquals("100075", crops.get(0).get("image").asText());
        for (JsonNode crop : crops) {
            JsonNode psnr = crop.get("psnr_y");
            for (String column : List.of("lr_nearest", "bicubic", "sr_psnr_phase", "sr_latest")) {
                double v = psnr.get(column).asDouble();
                assertTrue(v > 5 && v < 60, column + " PSNR " + v);
            }
            // the validation protocol's ordering on natural images: MATLAB bicubic beats pixel repetition
            assertTrue(psnr.get("bicubic").asDouble() > psnr.get("lr_nearest").asDouble());
        }

        JsonNode skipped = summary.get("skipped_lines");
        assertEquals(2, skipped.size(), skipped.toString());
        assertEquals(run.garbageLine, skipped.get(0).get("line").asLong());
        assertTrue(skipped.get(0).get("reason").asText().startsWith("not JSON"), skipped.toString());
        assertEquals(run.truncatedLine, skipped.get(1).get("line").asLong());
        assertTrue(skipped.get(1).get("reason").asText().startsWith("truncated"), skipped.toString());
        String notes = summary.get("notes").toString();
        assertTrue(notes.contains("l_g_gan: 1 NaN/infinite value(s) not plotted, the first at step " + SyntheticRun.NAN_STEP), notes);

        String html = new String(read(result.folder(), storage.settings(), "report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("metrics.jsonl: 2 line(s) skipped: line " + run.garbageLine + ": not JSON"), "skipped lines not said");
        assertTrue(html.contains("line " + run.truncatedLine + ": truncated"), "truncated line not said");
        assertEquals(CHARTS.size() + 1, count(html, "src=\"data:image/png;base64,"));
        assertFalse(html.contains("http://") || html.contains("https://"), "the report must not reach the network");
        assertFalse(html.contains("degraded inputs") || summary.has("crops_degraded"), "a run without degradations has no degraded crops");
    }

    /** A run on degraded pairs also shows its validation images degraded as it degrades its patches, in the same windows. */
    @Test
    void aRunWithDegradationsAlsoShowsItsValidationImagesDegraded() throws Exception {
        URI base = BuildDirs.newFolder("report", "degraded-").toUri();
        String block = "{\"enabled\":true,\"second\":{\"noise-range\":[1,20]}}";
        SyntheticRun run = SyntheticRun.create(base, HadoopSettings.empty(), true, block);
        ReportResult result = RunReport.render(run.run, HadoopSettings.empty(), null);
        List<String> expected = new ArrayList<>(CHARTS);
        expected.addAll(List.of("crops.png", "crops_degraded.png", "summary.json", "report.html"));
        assertEquals(expected, result.files());
        // the layout of crops.png: LR, bicubic, SR PSNR phase, SR latest, HR; two images
        BufferedImage grid = ImageChecks.assertPng(read(result.folder(), HadoopSettings.empty(), "crops_degraded.png"), 1020,
                44 + 2 * 240 + 10, "degraded crops");
        assertTrue(ImageChecks.colouredPixels(grid) > 20_000, "the degraded crops show hardly any colour");

        JsonNode summary = JSON.readTree(read(result.folder(), HadoopSettings.empty(), "summary.json"));
        assertEquals(ValidationCrops.DEGRADATION_SEED, summary.get("crops_degraded_seed").asLong());
        JsonNode clean = summary.get("crops");
        JsonNode degraded = summary.get("crops_degraded");
        assertEquals(2, degraded.size());
        Degradation degradation = new Degradation(JobConfigLoader.degradation(block, 4));
        ImageDecoder decoder = new ImageDecoder();
        for (int i = 0; i < degraded.size(); i++) {
            JsonNode row = degraded.get(i);
            String name = row.get("image").asText();
            assertEquals(clean.get(i).get("image").asText(), name);
            assertEquals(clean.get(i).get("window"), row.get("window"), "the same window in both grids");
            // the LR is the run's degradation of the HR under the fixed seed (what srgan degrade --seed 0 writes):
            // its bicubic upscale scores exactly so
            DecodedImage hr = decoder.decode(java.nio.file.Path.of("sample-data/val", name + ".png"));
            FloatImage lr = degradation.apply(ModCrop.toMultiple(hr.rgb(), 4), Degradation.imageSeed(0, name, 0));
            ImageScore bicubic = SrMetrics.score(name, MatlabBicubic.upscaleUint8(lr, 4), hr.colour(), 4);
            assertEquals(bicubic.psnrY(), row.get("psnr_y").get("bicubic").asDouble(), 1e-9, name);
            assertEquals(bicubic.ssimY(), row.get("ssim_y").get("bicubic").asDouble(), 1e-9, name);
            assertTrue(bicubic.psnrY() < clean.get(i).get("psnr_y").get("bicubic").asDouble() - 0.5,
                    name + ": the degraded LR is no harder than the bicubic one");
            for (String column : List.of("lr_nearest", "sr_psnr_phase", "sr_latest")) {
                double v = row.get("psnr_y").get(column).asDouble();
                assertTrue(v > 5 && v < 60, column + " PSNR " + v);
            }
        }
        String html = new String(read(result.folder(), HadoopSettings.empty(), "report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("<h2>Validation crops, degraded inputs</h2>"), "no degraded section");
        assertTrue(html.contains("srgan degrade --seed 0"), "how to make the same LR is not said");
        assertEquals(CHARTS.size() + 2, count(html, "src=\"data:image/png;base64,"));
        assertTrue(html.contains("<body data-images=\"" + (CHARTS.size() + 2) + "\""), "the image count of the page");
    }

    @Test
    void degradationSettingsThatCannotBeUsedAreSaidAndLeaveOutOnlyTheDegradedCrops() throws Exception {
        URI base = BuildDirs.newFolder("report", "bad-degradation-").toUri();
        SyntheticRun run = SyntheticRun.create(base, HadoopSettings.empty(), false, "{\"enabled\":true,\"first\":{\"jpeg-range\":[95,30]}}");
        ReportResult result = RunReport.render(run.run, HadoopSettings.empty(), null);
        assertTrue(result.files().contains("crops.png"), result.files().toString());
        assertFalse(result.files().contains("crops_degraded.png"), result.files().toString());
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("the degradation settings of config.json could not be used (")
                && n.contains("srgan.degradation.first.jpeg-range") && n.endsWith("no degraded crops")), result.notes().toString());
        JsonNode summary = JSON.readTree(read(result.folder(), HadoopSettings.empty(), "summary.json"));
        assertNull(summary.get("crops_degraded"));
    }

    @Test
    void withoutThePsnrPhaseCheckpointItsColumnIsLeftOutAndSaid() throws Exception {
        URI base = BuildDirs.newFolder("report", "no-psnr-").toUri();
        SyntheticRun run = SyntheticRun.create(base, HadoopSettings.empty(), false);
        ReportResult result = RunReport.render(run.run, HadoopSettings.empty(), base.resolve("out/"));
        assertEquals(base.resolve("out/"), result.folder());
        ImageChecks.assertPng(read(result.folder(), HadoopSettings.empty(), "crops.png"), 10 + 4 * 202, 534, "crops");
        JsonNode summary = JSON.readTree(read(result.folder(), HadoopSettings.empty(), "summary.json"));
        assertEquals(1, summary.get("generators").size());
        assertNull(summary.get("crops").get(0).get("psnr_y").get("sr_psnr_phase"));
        assertTrue(summary.get("crops").get(0).get("ssim_y").get("sr_latest").asDouble() > 0);
        assertTrue(result.notes().contains("no complete checkpoint at step 1500 (the end of the PSNR phase; pruned?):"
                + " the PSNR-phase column is left out"), result.notes().toString());
    }

    @Test
    void aMissingValidationFolderMeansNoCropsAndSaysSo() throws Exception {
        java.nio.file.Path run = BuildDirs.newFolder("report", "no-val-");
        java.nio.file.Files.writeString(run.resolve("config.json"), SyntheticRun.config(run.resolve("no-such-val").toUri()));
        java.nio.file.Files.writeString(run.resolve("metrics.jsonl"), "{\"kind\":\"round\",\"round\":1,\"step\":10,\"l_g_pix\":0.05}\n");
        ReportResult result = RunReport.render(run.toUri(), HadoopSettings.empty(), null);
        assertEquals(List.of("losses_g.png", "summary.json", "report.html"), result.files());
        assertTrue(result.notes().stream().anyMatch(n -> n.matches("validation folder .*no-such-val/? does not exist: no crops")),
                result.notes().toString());
        assertTrue(result.notes().contains("the run has no complete checkpoint: no SR columns in the crops"), result.notes().toString());
    }

    static byte[] read(URI folder, HadoopSettings settings, String name) throws IOException {
        try (Storage s = Storage.open(folder, settings); InputStream in = s.fileSystem().open(s.resolve(name))) {
            return in.readAllBytes();
        }
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
        return n;
    }
}
