package io.srgan.spark.upscale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.Generator;
import io.srgan.core.data.ColourMode;
import io.srgan.core.inference.TilingConfig;
import io.srgan.spark.testing.BuildDirs;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;

/**
 * The command on a real multi-JVM Spark ({@code local-cluster[2,1,1024]}: a master, two workers and
 * two executor JVMs, so weights, closures and settings cross process boundaries and each executor
 * builds its own generator): the outputs equal the core's single-image output byte for byte.
 */
class ClusterUpscaleTest {
    private static final int TILE = 24;

    @Test
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

        ProcessBuilder driver = ChildJvm.command("1g", List.of(
                        "-Dspark.master=local-cluster[2,1,1024]", "-Dspark.driver.host=127.0.0.1", "-Dspark.ui.enabled=false",
                        "-Dspark.executor.extraClassPath=" + classFolders(), "-Dspark.executorEnv.OMP_NUM_THREADS=1"),
                "io.srgan.spark.cli.Srgan",
                List.of("upscale", "--model", model.toString(), "--input", in.toString(), "--output", out.toString(),
                        "--tile", Integer.toString(TILE), "--format", "same"),
                dir.resolve("driver.log"));
        // a Spark home whose jars/ are the test classpath's jars: what the workers start executors from
        driver.environment().put("SPARK_HOME", sparkHome(dir.resolve("spark-home")).toString());
        driver.environment().put("SPARK_SCALA_VERSION", "2.12");
        Process p = driver.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the cluster job did not finish in 5 minutes; see " + dir.resolve("driver.log"));
        String log = Files.readString(dir.resolve("driver.log"));
        assertEquals(0, p.exitValue(), "see " + dir.resolve("driver.log"));
        assertTrue(log.contains("4 inputs: 4 succeeded"), log);

        Generator ema = TinyModel.generator(TinyModel.CONFIG, TinyModel.EMA_SEED);
        TilingConfig tiling = TilingConfig.forModel(ema, TILE);
        for (Map.Entry<String, byte[]> e : inputs.entrySet()) {
            String name = OutputFormat.SAME.outputPath(e.getKey());
            assertArrayEquals(CoreReference.upscale(e.getValue(), e.getKey(), ema, tiling, OutputFormat.SAME.encodingFor(e.getKey())),
                    Files.readAllBytes(out.resolve(name)), name);
        }
    }

    private static String classFolders() {
        return String.join(File.pathSeparator, ChildJvm.classpath().stream().filter(e -> new File(e).isDirectory()).toList());
    }

    private static Path sparkHome(Path home) throws Exception {
        Path jars = Files.createDirectories(home.resolve("jars"));
        List<String> names = new ArrayList<>();
        for (String entry : ChildJvm.classpath()) {
            Path jar = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(jar) && !names.contains(jar.getFileName().toString())) {
                names.add(jar.getFileName().toString());
                Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
            }
        }
        return home;
    }
}
