package io.srgan.spark.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.srgan.spark.io.Storage;
import io.srgan.spark.report.RunReport;
import io.srgan.spark.testing.AllStorages;
import io.srgan.spark.testing.TestStorage;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The metrics log on the local file system, HDFS and S3 (no append there): a flush writes at most a
 * part however long the run, the report's reader sees every line in order, a resume drops the lines
 * after its checkpoint across parts, and a run written as one {@code metrics.jsonl} stays readable
 * and continues; the report reads every part.
 */
class MetricsLogWriterTest {
    private static final long PART = 1_000; // about ten lines

    private static Map<String, Object> round(long step) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "round");
        line.put("round", step);
        line.put("step", step);
        line.put("phase", "psnr");
        line.put("l_g_pix", 0.05 + step * 1e-6);
        line.put("samples_per_s", 123.456);
        return line;
    }

    private static List<Long> steps(Storage storage) throws Exception {
        FileSystem fs = storage.fileSystem();
        MetricsLog log = MetricsLog.read(fs, MetricsFiles.list(fs, storage.root()));
        assertTrue(log.skipped().isEmpty(), log.skipped().toString());
        return log.rounds().stream().map(RoundLine::step).toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void aFlushWritesAtMostOnePartHoweverLongTheRun(TestStorage where) throws Exception {
        URI run = where.newFolder("run-log");
        try (Storage storage = Storage.open(run, where.settings())) {
            MetricsLogWriter log = MetricsLogWriter.open(storage, -1, PART);
            long largest = 0;
            for (long step = 1; step <= 80; step++) {
                log.append(round(step));
                largest = Math.max(largest, log.flush());
            }
            assertTrue(largest > PART / 2 && largest <= PART, "largest flush " + largest + " bytes");
            assertEquals(0, log.flush(), "nothing new, nothing written");
            List<MetricsFiles.Part> parts = MetricsFiles.list(storage.fileSystem(), storage.root());
            assertTrue(parts.size() > 5, parts.toString());
            assertEquals(MetricsFiles.FIRST, parts.get(0).name());
            assertEquals("metrics.000001.jsonl", parts.get(1).name());
            for (MetricsFiles.Part p : parts) {
                assertTrue(storage.fileSystem().getFileStatus(p.path()).getLen() <= PART, p.name());
            }
            assertEquals(range(1, 80), steps(storage));
        }
        JsonNode summary;
        URI report = RunReport.render(run, where.settings(), null).folder();
        try (Storage out = Storage.open(report, where.settings()); InputStream in = out.fileSystem().open(out.resolve("summary.json"))) {
            summary = new ObjectMapper().readTree(in);
        }
        assertEquals(80, summary.get("rounds_logged").asInt(), "the report reads every part");
        assertEquals(80, summary.get("last_step").asLong());
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void aResumeDropsTheLinesAfterItsCheckpointAcrossParts(TestStorage where) throws Exception {
        try (Storage storage = Storage.open(where.newFolder("run-log"), where.settings())) {
            MetricsLogWriter log = MetricsLogWriter.open(storage, -1, PART);
            for (long step = 1; step <= 80; step++) log.append(round(step));
            log.flush();
            int partsBefore = MetricsFiles.list(storage.fileSystem(), storage.root()).size();

            MetricsLogWriter resumed = MetricsLogWriter.open(storage, 25, PART); // the rounds after step 25 run again
            assertEquals(range(1, 25), steps(storage));
            assertTrue(MetricsFiles.list(storage.fileSystem(), storage.root()).size() < partsBefore);
            for (long step = 26; step <= 35; step++) resumed.append(round(step));
            resumed.flush();
            assertEquals(range(1, 35), steps(storage));

            MetricsLogWriter fresh = MetricsLogWriter.open(storage, -1, PART); // a new run in a folder without checkpoints
            fresh.append(round(1));
            fresh.flush();
            assertEquals(List.of(1L), steps(storage));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void aRunLoggedAsOneFileStaysReadableAndContinuesInParts(TestStorage where) throws Exception {
        try (Storage storage = Storage.open(where.newFolder("run-log"), where.settings())) {
            StringBuilder old = new StringBuilder();
            for (long step = 1; step <= 50; step++) {
                old.append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(round(step))).append('\n');
            }
            assertTrue(old.length() > 2 * PART, "the old file is larger than a part");
            try (OutputStream out = storage.fileSystem().create(storage.resolve(MetricsFiles.FIRST))) {
                out.write(old.toString().getBytes(StandardCharsets.UTF_8));
            }
            assertEquals(range(1, 50), steps(storage));

            MetricsLogWriter resumed = MetricsLogWriter.open(storage, 40, PART);
            for (long step = 41; step <= 45; step++) resumed.append(round(step));
            resumed.flush();
            assertEquals(range(1, 45), steps(storage));
            assertEquals(List.of(MetricsFiles.FIRST, "metrics.000001.jsonl"),
                    MetricsFiles.list(storage.fileSystem(), storage.root()).stream().map(MetricsFiles.Part::name).toList());
        }
    }
}
