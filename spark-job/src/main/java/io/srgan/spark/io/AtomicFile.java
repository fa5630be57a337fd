package io.srgan.spark.io;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a file so that readers see either the old content or the whole new content. On rename
 * stores (HDFS, local) the content goes to a temporary beside the target and is renamed over it; on
 * object stores it is written in place, where the object appears whole when the upload completes.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /**
     * Whether {@code fileName} is one of the temporaries {@link #write} creates: left behind only by a
     * writer that was killed, so safe to delete once no writer is at work in that folder.
     */
    public static boolean isTemporary(String fileName) {
        return TempNames.isTemporary(fileName);
    }

    /** Writes {@code target} (replacing it if present) from {@code writer}; returns size and CRC32C. */
    public static FileDigest write(Storage storage, Path target, StreamWriter writer) throws IOException {
        FileSystem fs = storage.fileSystem();
        if (storage.commitProtocol() == CommitProtocol.DIRECT) {
            return FileWrites.write(fs, target, true, CommitProtocol.DIRECT, writer);
        }
        Path temp = TempNames.beside(target);
        try {
            FileDigest digest = FileWrites.write(fs, temp, false, CommitProtocol.RENAME, writer);
            Renames.replaceFile(fs, temp, target);
            return digest;
        } catch (IOException | RuntimeException | Error e) {
            Deletes.quietly(fs, temp, e);
            throw e;
        }
    }
}
