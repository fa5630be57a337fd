package io.srgan.spark.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A complete checkpoint: a {@code ckpt-<step>} folder whose manifest parsed and whose listed files
 * existed at the recorded sizes when it was found. Reads go through the store's file system, so a
 * Checkpoint is usable while its {@link CheckpointStore} is open.
 */
public final class Checkpoint {
    private final FileSystem fs;
    private final Path path;
    private final CheckpointManifest manifest;

    Checkpoint(FileSystem fs, Path path, CheckpointManifest manifest) {
        this.fs = fs;
        this.path = path;
        this.manifest = manifest;
    }

    public long step() {
        return manifest.step();
    }

    /** The checkpoint folder. */
    public Path path() {
        return path;
    }

    public URI uri() {
        return path.toUri();
    }

    public CheckpointManifest manifest() {
        return manifest;
    }

    public Map<String, Double> metrics() {
        return manifest.metrics();
    }

    public OptionalDouble metric(String name) {
        return manifest.metric(name);
    }

    /** The files' names in writing order (the manifest excluded). */
    public List<String> fileNames() {
        return manifest.files().stream().map(ManifestFile::name).toList();
    }

    /**
     * Opens file {@code name}. The stream checks size and CRC32C against the manifest when it reaches
     * the end, or on close (reading the rest first), and then throws {@link ManifestMismatchException}
     * naming this checkpoint, the file and what differs.
     */
    public InputStream open(String name) throws IOException {
        ManifestFile entry = manifest.file(name).orElseThrow(() -> new IllegalArgumentException(
                "checkpoint " + uri() + " has no file '" + name + "'; it has " + fileNames()));
        InputStream in;
        try {
            in = fs.open(new Path(path, name));
        } catch (FileNotFoundException e) {
            throw new ManifestMismatchException(uri(), name, "is missing (deleted after the checkpoint was listed)");
        }
        return new VerifyingInputStream(in, entry, reason -> new ManifestMismatchException(uri(), name, reason));
    }

    /** Reads every file and checks it against the manifest; throws {@link ManifestMismatchException} on the first mismatch. */
    public void verify() throws IOException {
        for (String name : fileNames()) {
            try (InputStream in = open(name)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
    }

    @Override
    public String toString() {
        return "Checkpoint[step " + step() + ", " + path + "]";
    }
}
