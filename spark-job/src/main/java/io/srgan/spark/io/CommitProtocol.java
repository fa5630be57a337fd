package io.srgan.spark.io;

import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/** How a file or checkpoint becomes visible whole on a given file system. */
public enum CommitProtocol {
    /** Write under a temporary name in the same folder, then rename: atomic on HDFS and local disks. */
    RENAME,
    /**
     * Write in place. For object stores, where rename is a copy and an object appears whole when its
     * stream closes; a checkpoint is then marked complete by its manifest, written last.
     */
    DIRECT;

    /** Configuration key that overrides the choice made from the URI scheme: {@code rename} or {@code direct}. */
    public static final String KEY = "srgan.io.commit-protocol";

    // Stores whose rename copies data and is not atomic (abfs with a hierarchical namespace renames
    // atomically, so it is not listed; set the key for stores this list does not know).
    private static final Set<String> OBJECT_STORE_SCHEMES =
            Set.of("s3a", "s3", "s3n", "gs", "oss", "wasb", "wasbs", "cosn", "obs");

    /** The protocol for {@code scheme}: the value of {@link #KEY} if set, else by scheme. */
    public static CommitProtocol forScheme(String scheme, Configuration conf) {
        String configured = conf.getTrimmed(KEY, "");
        if (!configured.isEmpty()) {
            try {
                return valueOf(configured.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        KEY + "=" + configured + " is not a commit protocol; use rename or direct", e);
            }
        }
        return OBJECT_STORE_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT)) ? DIRECT : RENAME;
    }
}
