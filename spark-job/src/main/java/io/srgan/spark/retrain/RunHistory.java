package io.srgan.spark.retrain;

import io.srgan.spark.io.AtomicFile;
import io.srgan.spark.io.Storage;
import io.srgan.spark.models.ModelStore;
import io.srgan.spark.models.StoreJson;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retrain history: {@code STORE/history/<run-id>.json}, one small file per run, each written
 * whole ({@link AtomicFile}). One file per record rather than one appended file, because object
 * stores cannot append: a shared file would be read-modified-written, and a run refused the lease
 * could not add its record without racing the holder. Run ids start with the UTC time, so names sort
 * in run order.
 */
public final class RunHistory {
    private static final Logger LOG = LoggerFactory.getLogger(RunHistory.class);
    static final String FOLDER = ModelStore.HISTORY;

    private final Storage storage;

    public RunHistory(Storage storage) {
        this.storage = storage;
    }

    public void append(RunRecord record) throws IOException {
        byte[] json = StoreJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(record);
        AtomicFile.write(storage, storage.resolve(FOLDER + "/" + record.runId() + ".json"), out -> out.write(json));
    }

    /** Every readable record, oldest first; an unreadable file is reported and passed over. */
    public List<RunRecord> list() throws IOException {
        FileStatus[] entries;
        try {
            entries = storage.fileSystem().listStatus(storage.resolve(FOLDER));
        } catch (FileNotFoundException e) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        for (FileStatus s : entries) {
            String name = s.getPath().getName();
            if (s.isFile() && name.endsWith(".json") && !name.startsWith("_") && !name.startsWith(".")) {
                files.add(s.getPath());
            }
        }
        files.sort((a, b) -> a.getName().compareTo(b.getName()));
        List<RunRecord> records = new ArrayList<>();
        for (Path f : files) {
            try (InputStream in = storage.fileSystem().open(f)) {
                records.add(StoreJson.mapper().readValue(in, RunRecord.class));
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                LOG.warn("Passing over {}: not a run record ({})", f, e.getOriginalMessage());
            }
        }
        return records;
    }

    /** The runs whose record says {@link RunRecord#RUNNING}, oldest first: at work, or left so by a killed run. */
    public List<RunRecord> unfinished() throws IOException {
        return list().stream().filter(RunRecord::running).toList();
    }

    /** The last incoming day a completed run consumed; null when none did. */
    public LocalDate consumedThrough() throws IOException {
        LocalDate last = null;
        for (RunRecord r : list()) {
            if (r.consumedData() && r.inputs() != null && r.inputs().consumedThrough() != null) {
                LocalDate d = LocalDate.parse(r.inputs().consumedThrough());
                if (last == null || d.isAfter(last)) {
                    last = d;
                }
            }
        }
        return last;
    }
}
