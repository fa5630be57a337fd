package io.srgan.spark.io;

import io.srgan.core.checkpoint.CheckpointCorruptException;
import java.net.URI;

/**
 * A corrupt checkpoint found by the store: one of its files does not hold what the checkpoint's
 * manifest records (size, digest, or the file is gone). Core's {@link CheckpointCorruptException} is
 * the one type callers catch; this one adds which checkpoint and file.
 */
public class ManifestMismatchException extends CheckpointCorruptException {
    private final URI checkpoint;
    private final String file;
    private final String reason;

    public ManifestMismatchException(URI checkpoint, String file, String reason) {
        super("checkpoint " + checkpoint + " is corrupt: file '" + file + "' " + reason);
        this.checkpoint = checkpoint;
        this.file = file;
        this.reason = reason;
    }

    /** The checkpoint folder. */
    public URI checkpoint() {
        return checkpoint;
    }

    /** The file's name inside the checkpoint folder. */
    public String file() {
        return file;
    }

    /** What is wrong with it. */
    public String reason() {
        return reason;
    }
}
