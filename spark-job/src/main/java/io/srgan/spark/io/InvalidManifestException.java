package io.srgan.spark.io;

/** A manifest whose content is unusable; the message is the reason. Distinct from I/O failures. */
final class InvalidManifestException extends Exception {
    InvalidManifestException(String reason) {
        super(reason);
    }
}
