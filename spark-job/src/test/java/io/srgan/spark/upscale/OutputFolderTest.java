package io.srgan.spark.upscale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.Generator;
import io.srgan.core.data.ColourMode;
import io.srgan.core.inference.TilingConfig;
import io.srgan.spark.io.Storage;
import io.srgan.spark.testing.AllStorages;
import io.srgan.spark.testing.LocalSpark;
import io.srgan.spark.testing.TestStorage;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * An output folder holds one model's outputs and one job at a time, on the local file system, HDFS
 * and S3: a rerun with other weights is refused (nothing touched) unless {@code --overwrite}, which
 * redoes every output and deletes the earlier output of an input that now fails; a run killed while
 * overwriting is finished by a plain rerun; a folder with outputs and no record is refused; and a
 * second job refuses while the first holds the folder, without deleting its temporaries.
 */
@ExtendWith(LocalSpark.class)
class OutputFolderTest {
    private static final int TILE = 16;

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void aFolderHoldsOneModelsOutputsUnlessOverwrittenAndOneJobAtATime(TestStorage storage, JavaSparkContext spark) throws Exception {
        URI base = storage.newFolder("folder");
        try (Storage store = Storage.open(base, storage.settings()); Storage out = Storage.open(base.resolve("out/"), storage.settings())) {
            FileSystem fs = store.fileSystem();
            TinyModel.write(fs, store.resolve("model"), TinyModel.CONFIG, true);
            Map<String, byte[]> inputs = new LinkedHashMap<>();
            inputs.put("a.png", TestPictures.png(12, 14, ColourMode.RGB, 8, 1));
            inputs.put("sub/b.png", TestPictures.png(10, 9, ColourMode.RGB, 8, 2));
            inputs.put("c.png", TestPictures.png(11, 13, ColourMode.GRAY, 8, 3));
            inputs.forEach((name, bytes) -> UpscaleJobTest.write(fs, store.resolve("in/" + name), bytes));
            ModelWeights ema = weights(fs, store, WeightChoice.EMA);
            ModelWeights raw = weights(fs, store, WeightChoice.RAW);
            UpscaleRequest request = new UpscaleRequest(base.resolve("in/"), base.resolve("out/"), TILE, null,
                    TilingConfig.DEFAULT_BATCH_SIZE, OutputFormat.PNG, 0.95f, 100_000_000L, 256_000_000L, null, storage.settings());

            assertEquals(3, new UpscaleJob(spark).run(request, ema).succeeded());
            Map<String, Long> times = modificationTimes(fs, store, inputs);

            OutputFolderException other = assertThrows(OutputFolderException.class, () -> new UpscaleJob(spark).run(request, raw));
            assertTrue(other.getMessage().contains("holds the outputs of msrresnet 1x4 ×2, ema weights")
                    && other.getMessage().contains("weights: ema → raw") && other.getMessage().contains("--overwrite"), other.getMessage());
            assertEquals(times, modificationTimes(fs, store, inputs), "a refused job touches nothing");
            assertOutputs(fs, store, inputs, TinyModel.EMA_SEED, inputs.keySet().toArray(String[]::new));

            UpscaleJobTest.write(fs, store.resolve("in/c.png"), TestPictures.text()); // c.png can no longer be read
            JobSummary overwrite = new UpscaleJob(spark).run(request.withOverwrite(true), raw);
            assertEquals(2, overwrite.succeeded());
            assertEquals(0, overwrite.skipped());
            assertEquals(1, overwrite.failed());
            assertFalse(fs.exists(store.resolve("out/c.png")), "the earlier model's output of an input that failed is deleted");
            String errors = new String(UpscaleJobTest.read(fs, store.resolve("out/" + UpscaleJob.ERRORS)));
            assertTrue(errors.contains("its earlier output, another model's, was deleted"), errors);
            assertOutputs(fs, store, inputs, TinyModel.RAW_SEED, "a.png", "sub/b.png");
            assertFalse(ModelRecord.read(out).orElseThrow().overwriting());

            JobSummary again = new UpscaleJob(spark).run(request, raw);
            assertEquals(2, again.skipped(), "the same model and settings skip complete outputs");

            // a run killed while it overwrote left its record marked: a plain rerun redoes every output
            ModelRecord.read(out).orElseThrow().withOverwriting(true).write(out);
            UpscaleJobTest.write(fs, store.resolve("in/c.png"), inputs.get("c.png"));
            JobSummary finished = new UpscaleJob(spark).run(request, raw);
            assertEquals(3, finished.succeeded());
            assertEquals(0, finished.skipped());
            assertOutputs(fs, store, inputs, TinyModel.RAW_SEED, inputs.keySet().toArray(String[]::new));
            assertFalse(ModelRecord.read(out).orElseThrow().overwriting());

            Path temporary = store.resolve("out/_tmp-d.png-" + UUID.randomUUID()); // another job's output being written
            UpscaleJobTest.write(fs, temporary, new byte[] {1, 2, 3});
            try (OutputLock held = OutputLock.acquire(out, "another job")) {
                OutputFolderException busy = assertThrows(OutputFolderException.class, () -> new UpscaleJob(spark).run(request, raw));
                assertTrue(busy.getMessage().contains("is in use by another job (pid ")
                        && busy.getMessage().contains("one job per output folder"), busy.getMessage());
                assertTrue(fs.exists(temporary), "a refused job deletes no other job's temporaries");
            }
            assertEquals(3, new UpscaleJob(spark).run(request, raw).skipped(), "once released, the folder is free");
            assertFalse(fs.exists(temporary), "a temporary no job is writing is deleted");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void aFolderWithFilesButNoRecordOfTheirModelIsRefusedUnlessOverwritten(TestStorage storage, JavaSparkContext spark) throws Exception {
        URI base = storage.newFolder("unrecorded");
        try (Storage store = Storage.open(base, storage.settings())) {
            FileSystem fs = store.fileSystem();
            TinyModel.write(fs, store.resolve("model"), TinyModel.CONFIG, false);
            UpscaleJobTest.write(fs, store.resolve("in/a.png"), TestPictures.png(12, 12, ColourMode.RGB, 8, 1));
            UpscaleJobTest.write(fs, store.resolve("out/a.png"), TestPictures.png(24, 24, ColourMode.RGB, 8, 9)); // an earlier version's
            UpscaleRequest request = new UpscaleRequest(base.resolve("in/"), base.resolve("out/"), TILE, null,
                    TilingConfig.DEFAULT_BATCH_SIZE, OutputFormat.PNG, 0.95f, 100_000_000L, 256_000_000L, null, storage.settings());
            ModelWeights raw = weights(fs, store, WeightChoice.RAW);

            OutputFolderException e = assertThrows(OutputFolderException.class, () -> new UpscaleJob(spark).run(request, raw));
            assertTrue(e.getMessage().contains("holds 1 images but no record of the model that made them"), e.getMessage());

            assertEquals(1, new UpscaleJob(spark).run(request.withOverwrite(true), raw).succeeded());
            assertOutputs(fs, store, Map.of("a.png", TestPictures.png(12, 12, ColourMode.RGB, 8, 1)), TinyModel.RAW_SEED, "a.png");
        }
    }

    private static ModelWeights weights(FileSystem fs, Storage store, WeightChoice choice) throws Exception {
        return ModelWeights.of(UpscaleJobTest.readMeta(fs, store.resolve("model")), UpscaleJobTest.readTensors(fs, store.resolve("model")),
                choice, store.resolve("model").toString());
    }

    private static Map<String, Long> modificationTimes(FileSystem fs, Storage store, Map<String, byte[]> inputs) throws Exception {
        Map<String, Long> times = new LinkedHashMap<>();
        for (String name : inputs.keySet()) times.put(name, fs.getFileStatus(store.resolve("out/" + name)).getModificationTime());
        times.put(UpscaleJob.SUMMARY, fs.getFileStatus(store.resolve("out/" + UpscaleJob.SUMMARY)).getModificationTime());
        times.put(ModelRecord.FILE, fs.getFileStatus(store.resolve("out/" + ModelRecord.FILE)).getModificationTime());
        return times;
    }

    private static void assertOutputs(FileSystem fs, Storage store, Map<String, byte[]> inputs, long seed, String... names) throws Exception {
        Generator g = TinyModel.generator(TinyModel.CONFIG, seed);
        TilingConfig tiling = TilingConfig.forModel(g, TILE);
        for (String name : names) {
            assertArrayEquals(CoreReference.upscale(inputs.get(name), name, g, tiling, OutputFormat.Encoding.PNG),
                    UpscaleJobTest.read(fs, store.resolve("out/" + name)), name + " must be the output of the weights of seed " + seed);
        }
    }
}
