package io.srgan.spark.upscale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.Generator;
import io.srgan.core.data.ColourMode;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.inference.TilingConfig;
import io.srgan.core.nn.Bf16Scope;
import io.srgan.spark.testing.BuildDirs;
import io.srgan.spark.testing.FaultInjectingFileSystem;
import io.srgan.spark.testing.StandaloneCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The command on a real multi-JVM standalone cluster (a driver JVM as spark-submit's client mode
 * starts it, two one-core executors in their own JVMs): weights, closures and settings cross
 * process boundaries and each executor builds its own generator. The outputs equal the core's
 * single-image output byte for byte; with {@code --precision int8} the executors run the broadcast
 * int8 model in ONNX Runtime, with {@code bf16} the generator with oneDNN's bf16 convolutions, and
 * both agree with fp32.
 */
class ClusterUpscaleTest {
    private static final int TILE = 24;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void outputsOfAMultiJvmClusterEqualTheCoreSingleImageOutput() throws Exception {
        Path dir = BuildDirs.newFolder("upscale-cluster", "run-");
        FileSystem local = FileSystem.getLocal(new Configuration()).getRawFileSystem();
        Path model = dir.resolve("model");
        TinyModel.write(local, new org.apache.hadoop.fs.Path(model.toUri()), TinyModel.CONFIG, true);
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        inputs.put("a-rgb.png", TestPictures.png(40, 48, ColourMode.RGB, 8, 1));
        inputs.put("b-gray16.png", TestPictures.png(36, 30, ColourMode.GRAY, 16, 2));
        inputs.put("c-rgba.png", TestPictures.png(33, 41, ColourMode.RGBA, 8, 3));
        inputs.put("d-photo.jpg", TestPictures.jpeg(44, 38, ColourMode.RGB, 4));
        Path in = Files.createDirectories(dir.resolve("in"));
        for (Map.Entry<String, byte[]> e : inputs.entrySet()) Files.write(in.resolve(e.getKey()), e.getValue());
        Path out = dir.resolve("out");

        try (StandaloneCluster cluster = StandaloneCluster.start(2)) {
            String fp32 = upscale(cluster, model, in, out, "fp32", dir.resolve("driver.log"));
            assertTrue(fp32.contains("4 inputs: 4 succeeded"), fp32);
            // int8: the driver quantises, the executors run the broadcast int8 model in ONNX Runtime in their own JVMs
            String int8 = upscale(cluster, model, in, dir.resolve("out-int8"), "int8", dir.resolve("driver-int8.log"));
            assertTrue(int8.contains("4 inputs: 4 succeeded") && int8.contains("int8 (calibrated on"), int8);
            // bf16: each executor JVM loads oneDNN's natives and runs the generator with bf16 convolutions
            String bf16 = upscale(cluster, model, in, dir.resolve("out-bf16"), "bf16", dir.resolve("driver-bf16.log"));
            assertTrue(bf16.contains("4 inputs: 4 succeeded"), bf16);
            assertEquals(Bf16Scope.unavailable() == null, bf16.contains("bf16 convolutions"), bf16);
        }
        boolean rounded = false;
        for (String input : inputs.keySet()) {
            String name = OutputFormat.SAME.outputPath(input);
            var fp32 = new ImageDecoder().decode(out.resolve(name)).rgb().data();
            assertTrue(psnr(fp32, new ImageDecoder().decode(dir.resolve("out-int8").resolve(name)).rgb().data()) >= 40,
                    name + ": the executors' int8 output is too far from fp32's");
            double bf16 = psnr(fp32, new ImageDecoder().decode(dir.resolve("out-bf16").resolve(name)).rgb().data());
            assertTrue(bf16 >= 45, name + ": the executors' bf16 output is " + bf16 + " dB from fp32's");
            rounded |= bf16 < 100;
        }
        assertEquals(Bf16Scope.unavailable() == null, rounded, "the executors ran bf16 convolutions (their outputs differ from fp32's)");

        Generator ema = TinyModel.generator(TinyModel.CONFIG, TinyModel.EMA_SEED);
        TilingConfig tiling = TilingConfig.forModel(ema, TILE);
        for (Map.Entry<String, byte[]> e : inputs.entrySet()) {
            String name = OutputFormat.SAME.outputPath(e.getKey());
            assertArrayEquals(CoreReference.upscale(e.getValue(), e.getKey(), ema, tiling, OutputFormat.SAME.encodingFor(e.getKey())),
                    Files.readAllBytes(out.resolve(name)), name);
        }
    }

    /**
     * A file whose task kills its executor JVM (as the kernel's OOM killer or YARN would: the test's file
     * system halts the executor when the output is created) costs only that file: after Spark's retries
     * its bundle's images are tried one by one, the file is recorded as failed, the rest is upscaled,
     * and the job ends with exit code 1 and a summary instead of aborting.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aFileWhoseTaskKillsItsExecutorIsRecordedAndTheJobFinishes() throws Exception {
        Path dir = BuildDirs.newFolder("upscale-cluster", "kill-");
        FileSystem local = FileSystem.getLocal(new Configuration()).getRawFileSystem();
        Path model = dir.resolve("model");
        TinyModel.write(local, new org.apache.hadoop.fs.Path(model.toUri()), TinyModel.CONFIG, false);
        Map<String, byte[]> good = new LinkedHashMap<>();
        good.put("a.png", TestPictures.png(30, 30, ColourMode.RGB, 8, 1));
        good.put("b.png", TestPictures.png(28, 28, ColourMode.RGB, 8, 2));
        good.put("d.png", TestPictures.png(20, 20, ColourMode.RGB, 8, 3));
        String killer = "c-" + FaultInjectingFileSystem.HALT + ".png"; // the largest: first in its bundle, before d.png
        Path in = Files.createDirectories(dir.resolve("in"));
        for (Map.Entry<String, byte[]> e : good.entrySet()) Files.write(in.resolve(e.getKey()), e.getValue());
        Files.write(in.resolve(killer), TestPictures.png(40, 40, ColourMode.RGB, 8, 4));
        Path out = dir.resolve("out");

        try (StandaloneCluster cluster = StandaloneCluster.start(2)) {
            Path log = dir.resolve("driver.log");
            List<String> faults = new java.util.ArrayList<>(FaultInjectingFileSystem.SETTINGS);
            faults.add("-Dspark.task.maxFailures=2");
            Process driver = startDriver(cluster, faults, List.of("upscale", "--model", model.toString(), "--input", in.toString(),
                    "--output", out.toString(), "--tile", Integer.toString(TILE), "--partitions", "2"), log);
            try {
                assertTrue(driver.waitFor(6, TimeUnit.MINUTES), "the job did not finish; see " + log);
                assertEquals(1, driver.exitValue(), "some inputs failed, the job finished; see " + log);
            } finally {
                driver.destroyForcibly();
            }
            assertTrue(Files.readString(log).contains("4 inputs: 3 succeeded, 0 skipped (already complete), 1 failed"), Files.readString(log));
        }
        String errors = Files.readString(out.resolve(UpscaleJob.ERRORS));
        assertTrue(errors.contains(killer) && errors.contains("its task failed after Spark's retries") && errors.lines().count() == 1, errors);
        assertTrue(Files.exists(out.resolve(UpscaleJob.SUMMARY)));
        Generator raw = TinyModel.generator(TinyModel.CONFIG, TinyModel.RAW_SEED);
        TilingConfig tiling = TilingConfig.forModel(raw, TILE);
        for (Map.Entry<String, byte[]> e : good.entrySet()) {
            assertArrayEquals(CoreReference.upscale(e.getValue(), e.getKey(), raw, tiling, OutputFormat.Encoding.PNG),
                    Files.readAllBytes(out.resolve(e.getKey())), e.getKey());
        }
    }

    private static Process startDriver(StandaloneCluster cluster, List<String> properties, List<String> args, Path log) throws Exception {
        // the product's classes: this module's, and class folders on the compile classpath (a reactor build without packaging);
        // the test classes too, for a test's Hadoop file system
        String classes = String.join(":", Stream.concat(Stream.of(BuildDirs.buildDir().resolve("classes").toString(),
                        BuildDirs.buildDir().resolve("test-classes").toString()),
                StandaloneCluster.compileClasspath().stream().filter(e -> !e.endsWith(".jar"))).toList());
        List<String> jvm = new java.util.ArrayList<>(List.of("-Xmx1g", "-Dspark.master=" + cluster.masterUrl(),
                "-Dspark.app.name=srgan upscale cluster test", "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
                "-Dspark.ui.enabled=false", "-Dspark.executor.extraClassPath=" + classes, "-Dspark.executor.memory=1g",
                "-Dspark.executor.cores=1", "-Dspark.cores.max=2"));
        jvm.addAll(properties);
        ProcessBuilder pb = StandaloneCluster.javaProcess(jvm, classes + ":" + String.join(":", StandaloneCluster.compileClasspath()),
                "io.srgan.spark.cli.Srgan", args);
        return pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static double psnr(float[] a, float[] b) {
        double squared = 0;
        for (int i = 0; i < a.length; i++) squared += (a[i] - b[i]) * (a[i] - b[i]);
        return 10 * Math.log10(a.length / Math.max(squared, 1e-12));
    }

    /** Runs the upscale command in a driver JVM against the cluster; returns its log. */
    private static String upscale(StandaloneCluster cluster, Path model, Path in, Path out, String precision, Path log) throws Exception {
        Process driver = startDriver(cluster, List.of(), List.of("upscale", "--model", model.toString(), "--input", in.toString(),
                "--output", out.toString(), "--tile", Integer.toString(TILE), "--format", "same", "--precision", precision), log);
        try {
            assertTrue(driver.waitFor(5, TimeUnit.MINUTES), "the " + precision + " job did not finish; see " + log);
            assertEquals(0, driver.exitValue(), precision + " driver failed; see " + log);
        } finally {
            driver.destroyForcibly();
        }
        return Files.readString(log);
    }
}
