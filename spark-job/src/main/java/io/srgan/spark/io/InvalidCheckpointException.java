package io.srgan.spark.io;

/** A checkpoint folder that is not complete; the message is the reason. Distinct from I/O failures. */
final class InvalidCheckpointException extends Exception {
    InvalidCheckpointException(String reason) {
        super(reason);
    }
}
