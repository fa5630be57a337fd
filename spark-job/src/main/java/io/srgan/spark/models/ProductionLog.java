package io.srgan.spark.models;

import io.srgan.spark.io.Storage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Every move of the production pointer, append-only: {@code STORE/production/<number>.json}, one
 * object per change, each created once with an {@link ExclusiveCreate} and never rewritten. The
 * change with the highest number is the pointer. Of two writers that both believe they hold the
 * store lease (see {@link VerifiedPutCreate} for when that can happen on S3), one gets a number and
 * the other finds it taken, re-reads and decides again on the newer history: neither change is lost.
 *
 * <p>Stores written before this layout kept the whole history in one file, {@code production.jsonl},
 * replaced on each change; its lines are read as changes 1..n, and new changes are numbered after them.
 */
final class ProductionLog {
    static final String FOLDER = "production";
    static final String LEGACY_FILE = "production.jsonl";
    private static final Pattern NAME = Pattern.compile("(\\d{12})\\.json");
    private static final int MAX_BYTES = 16 << 20;

    private final Storage storage;

    ProductionLog(Storage storage) {
        this.storage = storage;
    }

    /**
     * The history as read now, and the number the next change must take.
     *
     * @param changes oldest first
     * @param next    the number of the next change's object
     */
    record Snapshot(List<ProductionChange> changes, long next) {
        Optional<ProductionChange> current() {
            return changes.isEmpty() ? Optional.empty() : Optional.of(changes.get(changes.size() - 1));
        }
    }

    Snapshot read() throws IOException {
        List<ProductionChange> changes = new ArrayList<>(readLegacy());
        long last = changes.size();
        for (var e : objects().entrySet()) {
            changes.add(parse(e.getValue().toString(), readObject(e.getValue())));
            last = Math.max(last, e.getKey());
        }
        return new Snapshot(List.copyOf(changes), last + 1);
    }

    /**
     * Adds {@code change} as number {@code snapshot.next()}; false if that number was taken meanwhile
     * (another writer changed production): the caller re-reads and decides again.
     */
    boolean append(Snapshot snapshot, ProductionChange change, ExclusiveCreate create) throws IOException {
        byte[] json = StoreJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(change);
        return create.create(storage.resolve(FOLDER + "/" + String.format("%012d.json", snapshot.next())), json);
    }

    /** Where the history lives, for messages. */
    String location() {
        return storage.resolve(FOLDER) + "/";
    }

    private TreeMap<Long, Path> objects() throws IOException {
        TreeMap<Long, Path> numbered = new TreeMap<>();
        FileStatus[] entries;
        try {
            entries = storage.fileSystem().listStatus(storage.resolve(FOLDER));
        } catch (FileNotFoundException e) {
            return numbered;
        }
        for (FileStatus s : entries) {
            Matcher m = NAME.matcher(s.getPath().getName());
            if (s.isFile() && m.matches()) {
                numbered.put(Long.parseLong(m.group(1)), s.getPath());
            }
        }
        return numbered;
    }

    private String readObject(Path path) throws IOException {
        try (InputStream in = storage.fileSystem().open(path)) {
            return new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
        }
    }

    private List<ProductionChange> readLegacy() throws IOException {
        Path path = storage.resolve(LEGACY_FILE);
        String text;
        try {
            text = readObject(path);
        } catch (FileNotFoundException e) {
            return List.of();
        }
        List<ProductionChange> changes = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (!line.isBlank()) {
                changes.add(parse(path + " line " + lineNo, line));
            }
        }
        return changes;
    }

    private static ProductionChange parse(String where, String json) throws IOException {
        try {
            return StoreJson.mapper().readValue(json, ProductionChange.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(where + " is not a production change (" + e.getOriginalMessage()
                    + "); the production pointer cannot be trusted: repair or remove it by hand", e);
        }
    }
}
