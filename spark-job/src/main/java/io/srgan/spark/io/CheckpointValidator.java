package io.srgan.spark.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Decides whether a checkpoint folder is complete with one listing and one manifest read: the
 * manifest parses, names this folder's step, and every file it lists exists with the recorded size.
 * Checksums are left to {@link Checkpoint#open}. I/O failures propagate as IOException: a flaky
 * store must not make a good checkpoint look incomplete and send a resume back to an older one.
 */
final class CheckpointValidator {
    private final FileSystem fs;

    CheckpointValidator(FileSystem fs) {
        this.fs = fs;
    }

    Checkpoint validate(Path folder, long step) throws IOException, InvalidCheckpointException {
        Map<String, FileStatus> files = new HashMap<>();
        try {
            for (FileStatus status : fs.listStatus(folder)) {
                if (status.isFile()) {
                    files.put(status.getPath().getName(), status);
                }
            }
        } catch (FileNotFoundException e) {
            throw new InvalidCheckpointException("the folder does not exist");
        }
        FileStatus manifestStatus = files.get(CheckpointNames.MANIFEST);
        if (manifestStatus == null) {
            throw new InvalidCheckpointException("it has no " + CheckpointNames.MANIFEST
                    + " (its writer stopped before finishing, or is still writing)");
        }
        if (manifestStatus.getLen() > ManifestJson.MAX_BYTES) {
            throw new InvalidCheckpointException(CheckpointNames.MANIFEST + " has " + manifestStatus.getLen()
                    + " bytes, more than the " + ManifestJson.MAX_BYTES + " a manifest may have");
        }
        CheckpointManifest manifest;
        try {
            manifest = ManifestJson.parse(readAll(manifestStatus.getPath()));
        } catch (InvalidManifestException e) {
            throw new InvalidCheckpointException(e.getMessage());
        }
        if (manifest.step() != step) {
            throw new InvalidCheckpointException(CheckpointNames.MANIFEST + " records round " + manifest.step()
                    + " but the folder is " + CheckpointNames.folder(step));
        }
        for (ManifestFile entry : manifest.files()) {
            FileStatus status = files.get(entry.name());
            if (status == null) {
                throw new InvalidCheckpointException("file '" + entry.name() + "' listed in " + CheckpointNames.MANIFEST + " is missing");
            }
            if (status.getLen() != entry.size()) {
                throw new InvalidCheckpointException("file '" + entry.name() + "' has " + status.getLen() + " bytes, "
                        + CheckpointNames.MANIFEST + " records " + entry.size());
            }
        }
        return new Checkpoint(fs, folder, manifest);
    }

    private byte[] readAll(Path path) throws IOException, InvalidCheckpointException {
        try (InputStream in = fs.open(path)) {
            return in.readNBytes(ManifestJson.MAX_BYTES);
        } catch (FileNotFoundException e) {
            throw new InvalidCheckpointException(CheckpointNames.MANIFEST + " vanished while being read");
        }
    }
}
