package io.srgan.spark.io;

import java.io.IOException;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * The two renames the commit protocol needs, with the semantics spelled out, because
 * {@link FileSystem#rename} differs by store: HDFS refuses an existing file target, and every store
 * moves a folder <em>into</em> an existing folder target.
 */
final class Renames {
    private Renames() {
    }

    /** Replaces file {@code dst} by {@code src}; atomic on HDFS and on local disks (POSIX rename). */
    static void replaceFile(FileSystem fs, Path src, Path dst) throws IOException {
        if (fs instanceof DistributedFileSystem dfs) {
            dfs.rename(src, dst, Options.Rename.OVERWRITE);
            return;
        }
        if (fs.rename(src, dst)) {
            return;
        }
        // A store whose rename refuses an existing target: two steps, so a reader may briefly see no file.
        if (fs.exists(dst) && fs.delete(dst, false) && fs.rename(src, dst)) {
            return;
        }
        throw new IOException("cannot rename " + src + " to " + dst + ": the file system refused");
    }

    /** Renames folder {@code src} to {@code dst}, which must not exist. */
    static void moveIntoPlace(FileSystem fs, Path src, Path dst) throws IOException {
        if (fs instanceof DistributedFileSystem dfs) {
            dfs.rename(src, dst, Options.Rename.NONE); // one NameNode operation, refuses an existing dst
            return;
        }
        if (fs.exists(dst)) {
            throw new FileAlreadyExistsException("cannot rename " + src + " to " + dst + ": the target exists");
        }
        if (!fs.rename(src, dst)) {
            throw new IOException("cannot rename " + src + " to " + dst + ": the file system refused");
        }
    }
}
