package io.srgan.spark.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.srgan.core.data.ColourMode;
import io.srgan.spark.testing.BuildDirs;
import io.srgan.spark.testing.ChildJvm;
import io.srgan.spark.testing.FaultInjectingFileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;

/**
 * Inputs that would exhaust a task's memory, through the command line in a JVM of 600 MB heap (local
 * Spark, one task): a very wide image (its strip of output rows) and a large interlaced PNG (decoded
 * whole) are refused in the header stage with the memory they need and what the task has, and an
 * image that runs out of heap anyway while it is written is recorded as failed while the task goes
 * on. Unrefused, each of them kills the JVM (Spark ends it on OutOfMemoryError): no summary, and every
 * rerun hits the same file.
 */
class MemoryFaultsTest {
    @Test
    void imagesThatWouldExhaustTheHeapAreRefusedOrRecordedAndTheJobEndsWithASummary() throws Exception {
        Path dir = BuildDirs.newFolder("upscale-memory", "run-");
        FileSystem local = FileSystem.getLocal(new Configuration()).getRawFileSystem();
        Path model = dir.resolve("model");
        TinyModel.write(local, new org.apache.hadoop.fs.Path(model.toUri()), TinyModel.CONFIG, false);
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.write(in.resolve("a.png"), TestPictures.png(40, 40, ColourMode.RGB, 8, 1));
        Files.write(in.resolve("wide.png"), TestPictures.flatRgbPng(60_000, 160, false));
        Files.write(in.resolve("interlaced.png"), TestPictures.flatRgbPng(6_000, 6_000, true));
        Files.write(in.resolve("b-" + FaultInjectingFileSystem.OUT_OF_MEMORY + ".png"), TestPictures.png(30, 30, ColourMode.RGB, 8, 2));
        Path out = dir.resolve("out");
        List<String> properties = new ArrayList<>(List.of("-Dspark.master=local[1]", "-Dspark.driver.host=127.0.0.1",
                "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.ui.enabled=false"));
        properties.addAll(FaultInjectingFileSystem.SETTINGS);
        Path log = dir.resolve("child.log");

        Process child = ChildJvm.command("600m", properties, "io.srgan.spark.cli.Srgan",
                List.of("upscale", "--model", model.toString(), "--input", in.toString(), "--output", out.toString()), log).start();
        try {
            assertTrue(child.waitFor(3, TimeUnit.MINUTES), "the job did not finish; see " + log);
        } finally {
            child.destroyForcibly();
        }

        assertEquals(1, child.exitValue(), "some inputs failed, the job finished; see " + log);
        ObjectMapper json = new ObjectMapper();
        JsonNode summary = json.readTree(out.resolve(UpscaleJob.SUMMARY).toFile());
        assertEquals(1, summary.get("succeeded").asInt(), summary.toString());
        assertEquals(3, summary.get("failed").asInt(), summary.toString());
        assertTrue(Files.size(out.resolve("a.png")) > 0);
        Map<String, String> reasons = new TreeMap<>();
        for (String line : Files.readAllLines(out.resolve(UpscaleJob.ERRORS))) {
            JsonNode e = json.readTree(line);
            String path = e.get("path").asText();
            reasons.put(path.substring(path.lastIndexOf('/') + 1), e.get("reason").asText());
        }
        String wide = reasons.get("wide.png");
        assertTrue(wide.startsWith("a 60000x160 png needs about") && wide.contains("of Java heap (mostly a strip of 320 output rows × 120000"
                + " pixels") && wide.contains("a task has") && wide.contains("--tile"), wide);
        String interlaced = reasons.get("interlaced.png");
        assertTrue(interlaced.startsWith("a 6000x6000 png (interlaced: decoded whole) needs about")
                && interlaced.contains("the whole interlaced PNG of 6000x6000 decoded at once"), interlaced);
        String oom = reasons.get("b-" + FaultInjectingFileSystem.OUT_OF_MEMORY + ".png");
        assertTrue(oom.contains("OutOfMemoryError") && oom.contains("the task went on"), oom);
    }
}
