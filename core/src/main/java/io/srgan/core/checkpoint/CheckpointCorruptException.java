package io.srgan.core.checkpoint;

import java.io.IOException;

/** A checkpoint or model file that cannot be read as written; the message names the file and the reason. */
public class CheckpointCorruptException extends IOException {
    public CheckpointCorruptException(String message) { super(message); }

    public CheckpointCorruptException(String message, Throwable cause) { super(message, cause); }
}
