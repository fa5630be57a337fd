package io.srgan.spark.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.srgan.spark.io.AtomicFile;
import io.srgan.spark.io.Storage;
import java.io.BufferedReader;
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
 * Writes the run's metrics log ({@link MetricsFiles}: {@code metrics.jsonl}, then numbered parts):
 * one JSON object per line, the lines of {@link MetricsLines}.
 *
 * <p>Object stores cannot append, so the lines of the last part are kept in memory and that part is
 * rewritten whole at each flush; a part that reaches the part size is written a last time and the
 * log goes on in the next. Memory and the bytes of a flush are bounded by the part size, not by the
 * run's length. A resumed run first drops the lines of steps after its checkpoint (those rounds run
 * again); steps only grow along the log, so that touches the last parts only.
 */
public final class MetricsLogWriter {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsLogWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Storage storage;
    private final long partBytes;
    private final List<String> lines = new ArrayList<>(); // the last part's lines, each ending in '\n'
    private long bytes;
    private int part;
    private boolean unwritten;

    private MetricsLogWriter(Storage storage, long partBytes) {
        this.storage = storage;
        this.partBytes = partBytes;
    }

    /** A new log, or, when resuming from {@code resumedStep}, the existing one up to that step. */
    public static MetricsLogWriter open(Storage storage, long resumedStep) throws IOException {
        return open(storage, resumedStep, MetricsFiles.PART_BYTES);
    }

    /** As {@link #open(Storage, long)}, starting a new part at {@code partBytes} (tests use small parts). */
    static MetricsLogWriter open(Storage storage, long resumedStep, long partBytes) throws IOException {
        MetricsLogWriter log = new MetricsLogWriter(storage, partBytes);
        List<MetricsFiles.Part> parts = MetricsFiles.list(storage.fileSystem(), storage.root());
        if (resumedStep < 0) {
            // a new run: the lines of an attempt that never reached a checkpoint go, last part first
            for (int i = parts.size() - 1; i >= 0; i--) storage.fileSystem().delete(parts.get(i).path(), false);
            return log;
        }
        if (parts.isEmpty()) LOG.warn("{}: no metrics log to continue; starting a new one", storage.root());
        long dropped = 0;
        for (int i = parts.size() - 1; i >= 0; i--) {
            MetricsFiles.Part p = parts.get(i);
            Count count = count(storage, p.path(), resumedStep);
            dropped += count.dropped;
            if (count.kept == 0) {
                storage.fileSystem().delete(p.path(), false);
                continue;
            }
            log.continueAfter(p, count, resumedStep);
            break;
        }
        if (dropped > 0) LOG.info("{}: dropped {} lines after step {} (those rounds run again)", storage.root(), dropped, resumedStep);
        return log;
    }

    /** Adds a line; when the last part is full, writes it a last time and starts the next part with this line. */
    public void append(Map<String, Object> line) throws IOException {
        String text;
        try {
            text = JSON.writeValueAsString(line) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metrics line cannot be written as JSON: " + line, e);
        }
        long size = text.getBytes(StandardCharsets.UTF_8).length;
        if (!lines.isEmpty() && bytes + size > partBytes) {
            flush();
            lines.clear();
            bytes = 0;
            part++;
        }
        lines.add(text);
        bytes += size;
        unwritten = true;
    }

    /** Writes the last part if it changed since the last flush; returns the bytes written. */
    public long flush() throws IOException {
        if (!unwritten) return 0;
        AtomicFile.write(storage, MetricsFiles.part(storage.root(), part).path(), out -> {
            for (String l : lines) out.write(l.getBytes(StandardCharsets.UTF_8));
        });
        unwritten = false;
        return bytes;
    }

    /** {@code p} is the last part that keeps lines: it becomes the part written to, or, if full, the one before it. */
    private void continueAfter(MetricsFiles.Part p, Count count, long resumedStep) throws IOException {
        if (count.keptBytes >= partBytes) {
            if (count.dropped > 0) {
                AtomicFile.write(storage, p.path(), out -> forEachKept(storage, p.path(), resumedStep,
                        l -> out.write(l.getBytes(StandardCharsets.UTF_8))));
            }
            part = p.index() + 1;
            return;
        }
        part = p.index();
        forEachKept(storage, p.path(), resumedStep, l -> {
            lines.add(l);
            bytes += l.getBytes(StandardCharsets.UTF_8).length;
        });
        if (count.dropped > 0) {
            unwritten = true;
            flush();
        }
    }

    private record Count(long kept, long keptBytes, long dropped) {}

    private static Count count(Storage storage, Path file, long resumedStep) throws IOException {
        long[] c = new long[3];
        forEachLine(storage, file, l -> {
            if (kept(l, resumedStep)) {
                c[0]++;
                c[1] += l.getBytes(StandardCharsets.UTF_8).length;
            } else {
                c[2]++;
            }
        });
        return new Count(c[0], c[1], c[2]);
    }

    private interface LineConsumer {
        void accept(String line) throws IOException;
    }

    private static void forEachKept(Storage storage, Path file, long resumedStep, LineConsumer consumer) throws IOException {
        forEachLine(storage, file, l -> {
            if (kept(l, resumedStep)) consumer.accept(l);
        });
    }

    /** Each line of {@code file} with its '\n' (blank lines passed over). */
    private static void forEachLine(Storage storage, Path file, LineConsumer consumer) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(storage.fileSystem().open(file), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) consumer.accept(line + "\n");
            }
        }
    }

    /** A line stays unless it is of a step after {@code resumedStep}; a line that is not JSON is kept as it is. */
    private static boolean kept(String line, long resumedStep) {
        JsonNode step;
        try {
            step = JSON.readTree(line).path(MetricsLines.STEP);
        } catch (JsonProcessingException e) {
            return true;
        }
        return !(step.isNumber() && step.asLong() > resumedStep);
    }
}
