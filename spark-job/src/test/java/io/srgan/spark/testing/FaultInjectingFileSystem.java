package io.srgan.spark.testing;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.apache.spark.TaskContext;

/**
 * The local file system with faults a Spark task meets while it writes a file whose name carries a
 * mark: {@value #OUT_OF_MEMORY} throws {@link OutOfMemoryError} as a failed large allocation would,
 * {@value #HALT} ends the JVM at once (as the kernel's or a cluster manager's OOM killer does to an
 * executor). Writes outside tasks (the driver's) are never touched. Install it for a job with
 * {@link #SETTINGS}: {@code spark.hadoop.fs.file.impl} (and no FileSystem cache) pointing here.
 */
public final class FaultInjectingFileSystem extends LocalFileSystem {
    public static final String OUT_OF_MEMORY = "oom-here";
    public static final String HALT = "halt-here";
    /** Java system properties (Spark conf) that install this file system for {@code file:} URIs. */
    public static final java.util.List<String> SETTINGS = java.util.List.of(
            "-Dspark.hadoop.fs.file.impl=" + FaultInjectingFileSystem.class.getName(),
            "-Dspark.hadoop.fs.file.impl.disable.cache=true");

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize, short replication,
                                     long blockSize, Progressable progress) throws IOException {
        if (TaskContext.get() != null) {
            if (f.getName().contains(OUT_OF_MEMORY)) throw new OutOfMemoryError("Java heap space (injected while creating " + f + ")");
            if (f.getName().contains(HALT)) Runtime.getRuntime().halt(137);
        }
        return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    }
}
