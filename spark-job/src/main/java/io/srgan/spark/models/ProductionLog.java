package io.srgan.spark.models;

import io.srgan.spark.io.AtomicFile;
import io.srgan.spark.io.Storage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;

/**
 * {@code STORE/production.jsonl}: every move of the production pointer, one JSON line each, the last
 * line being the pointer. The file is replaced whole on each change, through {@link AtomicFile}
 * (rename on HDFS, one PUT of a small object on S3), so readers see the old log or the new one, never
 * a torn line. Changes are made under the store lease, which keeps writers from losing each other's lines.
 */
final class ProductionLog {
    static final String FILE = "production.jsonl";
    private static final int MAX_BYTES = 16 << 20;

    private final Storage storage;

    ProductionLog(Storage storage) {
        this.storage = storage;
    }

    List<ProductionChange> read() throws IOException {
        Path path = storage.resolve(FILE);
        byte[] bytes;
        try (InputStream in = storage.fileSystem().open(path)) {
            bytes = in.readNBytes(MAX_BYTES);
        } catch (FileNotFoundException e) {
            return List.of();
        }
        List<ProductionChange> changes = new ArrayList<>();
        int lineNo = 0;
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                changes.add(StoreJson.mapper().readValue(line, ProductionChange.class));
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                throw new IOException(path + " line " + lineNo + " is not a production change (" + e.getOriginalMessage()
                        + "); the pointer cannot be trusted: repair the file by hand", e);
            }
        }
        return changes;
    }

    Optional<ProductionChange> current() throws IOException {
        List<ProductionChange> all = read();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    void append(ProductionChange change) throws IOException {
        StringBuilder text = new StringBuilder();
        for (ProductionChange c : read()) {
            text.append(StoreJson.mapper().writeValueAsString(c)).append('\n');
        }
        text.append(StoreJson.mapper().writeValueAsString(change)).append('\n');
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(storage, storage.resolve(FILE), out -> out.write(bytes));
    }
}
