package io.srgan.spark.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.srgan.core.data.ColourMode;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.inference.Precision;
import io.srgan.core.inference.TilingConfig;
import io.srgan.core.nn.Bf16Scope;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.Storage;
import io.srgan.spark.testing.LocalSpark;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upscale --precision int8 | bf16} on a local Spark. int8: the driver calibrates on the inputs (passing over
 * one it cannot read), every output agrees with the fp32 job's within 8-bit rounding plus int8 error,
 * the summary says int8, the folder records it (an fp32 folder refuses int8 outputs; a record written
 * before precision existed reads as fp32), and a rerun skips what is complete.
 */
@ExtendWith(LocalSpark.class)
class ReducedPrecisionUpscaleTest {
    private static final int TILE = 24;

    @Test
    void int8OutputsAgreeWithFp32AndTheFolderRecordsThePrecision(@TempDir Path dir, JavaSparkContext spark) throws Exception {
        URI base = dir.toUri();
        try (Storage store = Storage.open(base, HadoopSettings.empty())) {
            FileSystem fs = store.fileSystem();
            TinyModel.write(fs, store.resolve("model"), TinyModel.CONFIG, false);
            Map<String, byte[]> inputs = new LinkedHashMap<>();
            inputs.put("a.png", TestPictures.png(40, 52, ColourMode.RGB, 8, 1));
            inputs.put("b.png", TestPictures.png(36, 30, ColourMode.GRAY, 8, 2));
            inputs.put("c.png", TestPictures.png(48, 44, ColourMode.RGB, 16, 3));
            inputs.put("d.png", TestPictures.text()); // not an image: calibration passes over it, the job records it
            inputs.forEach((name, bytes) -> UpscaleJobTest.write(fs, store.resolve("in/" + name), bytes));
            ModelWeights weights = ModelWeights.of(UpscaleJobTest.readMeta(fs, store.resolve("model")),
                    UpscaleJobTest.readTensors(fs, store.resolve("model")), WeightChoice.RAW, store.resolve("model").toString());
            UpscaleRequest fp32 = request(base, "fp32/");
            UpscaleRequest int8 = request(base, "int8/").withPrecision(Precision.INT8);

            JobSummary floatRun = new UpscaleJob(spark).run(fp32, weights);
            JobSummary intRun = new UpscaleJob(spark).run(int8, weights);
            assertEquals(3, floatRun.succeeded());
            assertEquals(3, intRun.succeeded());
            assertEquals(1, intRun.failed(), "the unreadable input is recorded as in fp32");
            assertTrue(intRun.model().contains("int8 (calibrated on 3 crops"), intRun.model()); // 3 readable images, each smaller than a crop
            assertTrue(!floatRun.model().contains("int8"), floatRun.model());
            for (String name : List.of("a.png", "b.png", "c.png")) {
                FloatImage a = decode(fs, store, "fp32/" + name), b = decode(fs, store, "int8/" + name);
                double psnr = psnr(a, b);
                assertTrue(psnr >= 40, name + ": int8 output " + psnr + " dB from fp32's");
            }
            try (Storage out = Storage.open(base.resolve("int8/"), HadoopSettings.empty())) {
                assertEquals("int8", ModelRecord.read(out).orElseThrow().precision());
            }

            OutputFolderException mixed = assertThrows(OutputFolderException.class,
                    () -> new UpscaleJob(spark).run(request(base, "fp32/").withPrecision(Precision.INT8), weights));
            assertTrue(mixed.getMessage().contains("precision: fp32 → int8"), mixed.getMessage());
            assertEquals(3, new UpscaleJob(spark).run(int8, weights).skipped(), "a rerun of the int8 job skips its complete outputs");

            // a folder an earlier version made has no precision in its record: it is fp32's, not refused
            org.apache.hadoop.fs.Path record = store.resolve("fp32/" + ModelRecord.FILE);
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            var old = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(UpscaleJobTest.read(fs, record));
            old.remove("precision");
            UpscaleJobTest.write(fs, record, json.writeValueAsBytes(old));
            assertEquals(3, new UpscaleJob(spark).run(fp32, weights).skipped(), "an older record reads as fp32");
        }
    }

    /** bf16: the outputs agree with fp32's within 8-bit rounding plus bf16's, the summary and the folder say bf16. */
    @Test
    void bf16OutputsAgreeWithFp32AndTheFolderRecordsThePrecision(@TempDir Path dir, JavaSparkContext spark) throws Exception {
        assumeTrue(Bf16Scope.unavailable() == null, "bf16 unavailable here: " + Bf16Scope.unavailable());
        URI base = dir.toUri();
        try (Storage store = Storage.open(base, HadoopSettings.empty())) {
            FileSystem fs = store.fileSystem();
            TinyModel.write(fs, store.resolve("model"), TinyModel.CONFIG, false);
            UpscaleJobTest.write(fs, store.resolve("in/a.png"), TestPictures.png(40, 52, ColourMode.RGB, 8, 1));
            UpscaleJobTest.write(fs, store.resolve("in/b.png"), TestPictures.png(48, 44, ColourMode.RGB, 16, 3));
            ModelWeights weights = ModelWeights.of(UpscaleJobTest.readMeta(fs, store.resolve("model")),
                    UpscaleJobTest.readTensors(fs, store.resolve("model")), WeightChoice.RAW, store.resolve("model").toString());
            JobSummary floatRun = new UpscaleJob(spark).run(request(base, "fp32/"), weights);
            JobSummary bf16Run = new UpscaleJob(spark).run(request(base, "bf16/").withPrecision(Precision.BF16), weights);
            assertEquals(2, floatRun.succeeded());
            assertEquals(2, bf16Run.succeeded());
            assertTrue(bf16Run.model().endsWith(", bf16 convolutions"), bf16Run.model());
            boolean rounded = false;
            for (String name : List.of("a.png", "b.png")) {
                FloatImage a = decode(fs, store, "fp32/" + name), b = decode(fs, store, "bf16/" + name);
                double psnr = psnr(a, b);
                assertTrue(psnr >= 45, name + ": bf16 output " + psnr + " dB from fp32's");
                rounded |= psnr < Double.POSITIVE_INFINITY;
            }
            assertTrue(rounded, "bf16 outputs identical to fp32's: the convolutions did not run in bf16");
            try (Storage out = Storage.open(base.resolve("bf16/"), HadoopSettings.empty())) {
                assertEquals("bf16", ModelRecord.read(out).orElseThrow().precision());
            }
            OutputFolderException mixed = assertThrows(OutputFolderException.class,
                    () -> new UpscaleJob(spark).run(request(base, "fp32/").withPrecision(Precision.BF16), weights));
            assertTrue(mixed.getMessage().contains("precision: fp32 → bf16"), mixed.getMessage());
        }
    }

    private static UpscaleRequest request(URI base, String output) {
        return new UpscaleRequest(base.resolve("in/"), base.resolve(output), TILE, null, TilingConfig.DEFAULT_BATCH_SIZE, OutputFormat.PNG,
                0.95f, 100_000_000L, 256_000_000L, null, HadoopSettings.empty());
    }

    private static FloatImage decode(FileSystem fs, Storage store, String name) throws Exception {
        return new ImageDecoder().decode(UpscaleJobTest.read(fs, store.resolve(name)), name).rgb();
    }

    private static double psnr(FloatImage a, FloatImage b) {
        assertEquals(a.height(), b.height());
        assertEquals(a.width(), b.width());
        double sum = 0;
        for (int i = 0; i < a.data().length; i++) {
            double d = a.data()[i] - b.data()[i];
            sum += d * d;
        }
        return sum == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(a.data().length / sum);
    }
}
