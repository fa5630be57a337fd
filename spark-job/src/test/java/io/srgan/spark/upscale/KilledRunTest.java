package io.srgan.spark.upscale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.Generator;
import io.srgan.core.data.ColourMode;
import io.srgan.core.inference.TilingConfig;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.testing.BuildDirs;
import io.srgan.spark.testing.ChildJvm;
import io.srgan.spark.testing.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A job really killed (SIGKILL, in its own JVM, through the command line) after some outputs were
 * committed, then run again: the rerun completes the rest, leaves every finished output untouched
 * (same bytes, same modification time), deletes the temporaries the kill left, and the result is
 * what an uninterrupted run writes.
 */
@ExtendWith(LocalSpark.class)
class KilledRunTest {
    private static final int IMAGES = 16;
    private static final int KILL_AFTER = 3;
    private static final int TILE = 48;

    @Test
    void aRerunFinishesAKilledRunWithoutRedoingFinishedOutputs(JavaSparkContext spark) throws Exception {
        Path dir = BuildDirs.newFolder("upscale-killed", "run-");
        FileSystem local = FileSystem.getLocal(new Configuration()).getRawFileSystem();
        Path model = dir.resolve("model");
        TinyModel.write(local, new org.apache.hadoop.fs.Path(model.toUri()), TinyModel.CONFIG, false);
        Path in = Files.createDirectories(dir.resolve("in"));
        Map<String, byte[]> inputs = new TreeMap<>();
        for (int i = 0; i < IMAGES; i++) {
            byte[] png = TestPictures.png(160, 160, ColourMode.RGB, 8, 100 + i);
            inputs.put(String.format("img-%02d.png", i), png);
            Files.write(in.resolve(String.format("img-%02d.png", i)), png);
        }
        Path out = dir.resolve("out");

        Process child = ChildJvm.command("1g",
                        List.of("-Dspark.master=local[1]", "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
                                "-Dspark.ui.enabled=false"),
                        "io.srgan.spark.cli.Srgan",
                        List.of("upscale", "--model", model.toString(), "--input", in.toString(), "--output", out.toString(),
                                "--tile", Integer.toString(TILE), "--partitions", "1"),
                        dir.resolve("child.log"))
                .start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (finals(out).size() < KILL_AFTER && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        child.destroyForcibly().waitFor();
        Map<String, FileTime> finished = new TreeMap<>();
        for (Path f : finals(out)) finished.put(f.getFileName().toString(), Files.getLastModifiedTime(f));
        assertTrue(finished.size() >= KILL_AFTER, "the child wrote " + finished.size() + " outputs before it was killed; see "
                + dir.resolve("child.log"));
        assertTrue(finished.size() < IMAGES, "the child finished before it was killed: the test needs larger inputs");
        Map<String, byte[]> finishedBytes = new TreeMap<>();
        for (String name : finished.keySet()) finishedBytes.put(name, Files.readAllBytes(out.resolve(name)));
        Files.write(out.resolve("_tmp-img-99.png-" + UUID.randomUUID()), new byte[] {1, 2, 3}); // as a kill mid-write leaves

        ModelWeights weights = ModelWeights.of(UpscaleJobTest.readMeta(local, new org.apache.hadoop.fs.Path(model.toUri())),
                UpscaleJobTest.readTensors(local, new org.apache.hadoop.fs.Path(model.toUri())), WeightChoice.PREFER_EMA, "tiny");
        UpscaleRequest request = new UpscaleRequest(in.toUri(), out.toUri(), TILE, null, TilingConfig.DEFAULT_BATCH_SIZE, OutputFormat.PNG, 0.95f,
                100_000_000L, 256_000_000L, null, HadoopSettings.empty());
        JobSummary rerun = new UpscaleJob(spark).run(request, weights);

        assertEquals(finished.size(), rerun.skipped(), "finished outputs are skipped");
        assertEquals(IMAGES - finished.size(), rerun.succeeded(), "the rest is done");
        assertEquals(0, rerun.failed());
        for (Map.Entry<String, FileTime> f : finished.entrySet()) {
            assertEquals(f.getValue(), Files.getLastModifiedTime(out.resolve(f.getKey())), f.getKey() + " was rewritten");
            assertArrayEquals(finishedBytes.get(f.getKey()), Files.readAllBytes(out.resolve(f.getKey())), f.getKey());
        }
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("_tmp-")).toList(),
                    "temporaries of the killed run are gone");
        }
        Generator g = TinyModel.generator(TinyModel.CONFIG, TinyModel.RAW_SEED);
        TilingConfig tiling = TilingConfig.forModel(g, TILE);
        for (Map.Entry<String, byte[]> input : inputs.entrySet()) {
            assertArrayEquals(CoreReference.upscale(input.getValue(), input.getKey(), g, tiling, OutputFormat.Encoding.PNG),
                    Files.readAllBytes(out.resolve(input.getKey())), input.getKey() + ": the killed run and the rerun together"
                            + " must write what one uninterrupted run writes");
        }
    }

    /** Complete outputs: the image files in the output folder (temporaries and reports start with '_'). */
    private static List<Path> finals(Path out) throws java.io.IOException {
        if (!Files.isDirectory(out)) return List.of();
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".png") && !p.getFileName().toString().startsWith("_")).toList();
        }
    }
}
