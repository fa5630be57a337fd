package io.srgan.spark.io;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits one checkpoint. Rename stores: the whole folder is written under a temporary name, manifest
 * last, and renamed into place in one step. Object stores: the files are written in place and the
 * manifest last, so the checkpoint counts only once every file is whole. Then LATEST is updated.
 */
final class CheckpointWriter {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointWriter.class);

    private final Storage storage;
    private final CheckpointValidator validator;

    CheckpointWriter(Storage storage, CheckpointValidator validator) {
        this.storage = storage;
        this.validator = validator;
    }

    Checkpoint commit(long step, Map<String, StreamWriter> files, Map<String, Double> metrics) throws IOException {
        checkArguments(step, files, metrics);
        FileSystem fs = storage.fileSystem();
        Path target = storage.resolve(CheckpointNames.folder(step));
        removeLeftover(target, step);
        if (storage.commitProtocol() == CommitProtocol.RENAME) {
            Path temp = TempNames.beside(target);
            try {
                if (!fs.mkdirs(temp)) {
                    throw new IOException("cannot create folder " + temp);
                }
                writeFolder(temp, step, files, metrics, CommitProtocol.RENAME);
                Renames.moveIntoPlace(fs, temp, target);
            } catch (IOException | RuntimeException | Error e) {
                Deletes.quietly(fs, temp, e);
                throw e;
            }
        } else {
            // On failure the files stay without a manifest: invisible, and removed by prune() or by
            // the next commit of this step.
            writeFolder(target, step, files, metrics, CommitProtocol.DIRECT);
        }
        Checkpoint written;
        try {
            written = validator.validate(target, step);
        } catch (InvalidCheckpointException e) {
            throw new IOException("checkpoint " + target + " was written but does not read back as complete: " + e.getMessage());
        }
        LatestPointer.write(storage, step);
        return written;
    }

    private void writeFolder(Path folder, long step, Map<String, StreamWriter> files, Map<String, Double> metrics,
                             CommitProtocol protocol) throws IOException {
        FileSystem fs = storage.fileSystem();
        List<ManifestFile> entries = new ArrayList<>();
        for (Map.Entry<String, StreamWriter> file : files.entrySet()) {
            Path path = new Path(folder, file.getKey());
            FileDigest digest;
            try {
                digest = FileWrites.write(fs, path, false, protocol, file.getValue());
            } catch (IOException e) {
                throw new IOException("cannot write checkpoint file " + path + ": " + e.getMessage(), e);
            }
            entries.add(new ManifestFile(file.getKey(), digest.size(), digest.crc32c()));
        }
        CheckpointManifest manifest = new CheckpointManifest(CheckpointManifest.FORMAT, CheckpointManifest.FORMAT_VERSION,
                step, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), CheckpointManifest.CHECKSUM,
                entries, new TreeMap<>(metrics));
        byte[] json = ManifestJson.toBytes(manifest);
        FileWrites.write(fs, new Path(folder, CheckpointNames.MANIFEST), false, protocol, out -> out.write(json));
    }

    /** A complete checkpoint is never rewritten; an incomplete one of the same step is a crashed writer's. */
    private void removeLeftover(Path target, long step) throws IOException {
        FileSystem fs = storage.fileSystem();
        if (!fs.exists(target)) {
            return;
        }
        try {
            validator.validate(target, step);
            throw new FileAlreadyExistsException("checkpoint " + target + " for step " + step + " already exists and is"
                    + " complete; checkpoints are never rewritten: resume from it, or write the run to another folder");
        } catch (InvalidCheckpointException incomplete) {
            LOG.warn("Deleting incomplete checkpoint {} before writing step {} again: {}", target, step, incomplete.getMessage());
            if (!fs.delete(target, true) && fs.exists(target)) {
                throw new IOException("cannot delete incomplete checkpoint " + target + " before rewriting step " + step);
            }
        }
    }

    private static void checkArguments(long step, Map<String, StreamWriter> files, Map<String, Double> metrics) {
        if (step < 0) {
            throw new IllegalArgumentException("checkpoint step must be >= 0, got " + step);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a checkpoint needs at least one file");
        }
        files.forEach((name, writer) -> {
            CheckpointNames.checkFileName(name);
            if (writer == null) {
                throw new IllegalArgumentException("checkpoint file '" + name + "' has no writer");
            }
        });
        metrics.forEach((name, value) -> {
            if (name == null || name.isBlank() || value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException("checkpoint metric '" + name + "' = " + value
                        + ": metrics need a name and a finite value");
            }
        });
    }
}
