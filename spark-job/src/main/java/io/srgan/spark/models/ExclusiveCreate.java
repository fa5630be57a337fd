package io.srgan.spark.models;

import io.srgan.spark.io.CommitProtocol;
import io.srgan.spark.io.Storage;
import java.io.IOException;
import java.time.Duration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Creates a small file only if no file of that name exists, with the whole content visible at once:
 * the primitive the store lease is built on. Exactly one of several concurrent callers for the same
 * name gets {@code true} — guaranteed by the file system on local disks and HDFS, and on object stores
 * only under the timing condition {@link VerifiedPutCreate} states.
 */
public interface ExclusiveCreate {
    /** True if this call created {@code target} with {@code content}; false if it existed or another caller won. */
    boolean create(Path target, byte[] content) throws IOException;

    /**
     * The strongest way {@code storage} offers: a hard link on local disks ({@code link(2)} fails on an
     * existing name), rename onto a free name on HDFS and other rename stores (a single NameNode
     * operation that refuses an existing file), put-and-verify on object stores.
     *
     * @param settle how long an object-store writer waits before reading its file back
     */
    static ExclusiveCreate forStorage(Storage storage, Duration settle) {
        if (storage.fileSystem() instanceof LocalFileSystem || storage.fileSystem() instanceof RawLocalFileSystem) {
            return new LinkCreate(storage.fileSystem());
        }
        if (storage.commitProtocol() == CommitProtocol.DIRECT) {
            return new VerifiedPutCreate(storage.fileSystem(), settle);
        }
        return new RenameCreate(storage.fileSystem());
    }
}
