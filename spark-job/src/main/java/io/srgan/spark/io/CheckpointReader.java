package io.srgan.spark.io;

import java.io.IOException;

/**
 * Reads what a caller needs from a complete checkpoint (its state, or just a check of every file).
 * Throws core's {@link io.srgan.core.checkpoint.CheckpointCorruptException} (a {@link ManifestMismatchException} names the file) when the
 * checkpoint does not hold what it should; any other IOException is the store's failure.
 */
@FunctionalInterface
public interface CheckpointReader<T> {
    T read(Checkpoint checkpoint) throws IOException;

    /** Reads every file and checks it against the manifest; the value is the checkpoint itself. */
    static CheckpointReader<Checkpoint> verified() {
        return c -> {
            c.verify();
            return c;
        };
    }
}
