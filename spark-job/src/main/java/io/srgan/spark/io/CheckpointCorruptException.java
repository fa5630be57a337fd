package io.srgan.spark.io;

import java.io.IOException;
import java.net.URI;

/** A file of a complete-looking checkpoint does not hold what its manifest records. */
public class CheckpointCorruptException extends IOException {
    private final URI checkpoint;
    private final String file;
    private final String reason;

    public CheckpointCorruptException(URI checkpoint, String file, String reason) {
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
