package io.srgan.spark.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;

/** Streams one file into place and returns its digest; the single place where files are created. */
final class FileWrites {
    private static final int BUFFER_BYTES = 1 << 16;

    private FileWrites() {
    }

    /**
     * Creates {@code path} and fills it from {@code writer}.
     *
     * <p>Under {@link CommitProtocol#RENAME} the path is a temporary and is synced before it is closed,
     * so a later rename publishes durable bytes. Under {@link CommitProtocol#DIRECT} the path is final:
     * if the writer fails, the upload is aborted rather than closed, because closing would publish the
     * partial content under the final name.
     */
    static FileDigest write(FileSystem fs, Path path, boolean overwrite, CommitProtocol protocol, StreamWriter writer)
            throws IOException {
        FSDataOutputStream raw = fs.create(path, overwrite);
        FileDigest digest;
        try {
            Crc32cOutputStream counted = new Crc32cOutputStream(raw);
            // Buffered so that writers emitting single bytes do not pay a CRC and FS call per byte;
            // closing it only flushes, since Crc32cOutputStream does not pass close() on.
            BufferedOutputStream buffered = new BufferedOutputStream(counted, BUFFER_BYTES);
            writer.write(buffered);
            buffered.flush();
            digest = counted.digest();
            if (protocol == CommitProtocol.RENAME && raw.hasCapability(StreamCapabilities.HSYNC)) {
                raw.hsync();
            }
        } catch (IOException | RuntimeException | Error e) {
            discard(raw, protocol, e);
            throw e;
        }
        try {
            raw.close();
        } catch (IOException e) {
            throw new IOException("cannot complete " + path + ": " + e.getMessage(), e);
        }
        return digest;
    }

    private static void discard(FSDataOutputStream raw, CommitProtocol protocol, Throwable cause) {
        try {
            if (raw.hasCapability(StreamCapabilities.ABORTABLE_STREAM)) {
                raw.abort();
            } else if (protocol == CommitProtocol.RENAME) {
                raw.close(); // a temporary: the caller deletes it
            }
            // else: a final name that cannot be aborted; closing would publish partial content.
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
