package io.srgan.spark.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.srgan.spark.io.AtomicFile;
import io.srgan.spark.io.Storage;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's {@code metrics.jsonl}: one JSON object per line, each with a {@code kind} —
 * {@code round} (losses, D outputs, learning rates, throughput and the round time split),
 * {@code validation} (PSNR/SSIM at a checkpoint) or {@code data} (what the shards hold).
 *
 * <p>Object stores cannot append, so the log is kept in memory and the whole file rewritten
 * atomically at each flush; a resumed run first drops the lines of steps after its checkpoint
 * (those rounds run again).
 */
final class RunLog {
    static final String FILE = "metrics.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Storage storage;
    private final Path file;
    private final List<String> lines = new ArrayList<>();

    private RunLog(Storage storage) {
        this.storage = storage;
        this.file = storage.resolve(FILE);
    }

    /** A new log, or, when resuming from {@code resumedStep}, the existing one up to that step. */
    static RunLog open(Storage storage, long resumedStep) throws IOException {
        RunLog log = new RunLog(storage);
        if (resumedStep < 0) return log;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(storage.fileSystem().open(log.file), StandardCharsets.UTF_8))) {
            String line;
            int dropped = 0;
            while ((line = in.readLine()) != null) {
                JsonNode step = parse(line).path("step");
                if (step.isNumber() && step.asLong() > resumedStep) dropped++;
                else log.lines.add(line);
            }
            if (dropped > 0) LOG.info("{}: dropped {} lines after step {} (those rounds run again)", log.file, dropped, resumedStep);
        } catch (FileNotFoundException e) {
            LOG.warn("{}: no metrics log to continue; starting a new one", log.file);
        }
        return log;
    }

    void append(Map<String, Object> line) {
        try {
            lines.add(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metrics line cannot be written as JSON: " + line, e);
        }
    }

    void flush() throws IOException {
        AtomicFile.write(storage, file, out -> {
            for (String l : lines) out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
        });
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return JSON.missingNode(); // a torn line from a crashed writer: kept as it is
        }
    }
}
