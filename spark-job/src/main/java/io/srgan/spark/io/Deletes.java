package io.srgan.spark.io;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Best-effort clean-up after a failure, which must not hide the failure itself. */
final class Deletes {
    private Deletes() {
    }

    static void quietly(FileSystem fs, Path path, Throwable failure) {
        try {
            fs.delete(path, true);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
