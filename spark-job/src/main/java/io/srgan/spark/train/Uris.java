package io.srgan.spark.train;

import java.net.URI;
import java.nio.file.Path;

/** Locations in configs and on command lines: a Hadoop URI ({@code hdfs://…}, {@code s3a://…}, {@code file:/…}) or a local path. */
public final class Uris {
    private Uris() {}

    /**
     * {@code location} as a URI; a plain path becomes an absolute {@code file:} URI resolved against
     * the driver's working directory (on a cluster, give shared URIs: executors read them too).
     * Locations are read as Hadoop reads paths, not percent-decoded: a space, {@code %}, {@code #} or
     * {@code ?} is part of a name. The result has Hadoop's normal form, without a trailing {@code /}
     * (S3A re-parses a folder path that ends in one from its escaped form, HADOOP-15430, and would
     * then look for {@code a%20b} instead of {@code a b}).
     */
    public static URI of(String location) {
        if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !location.matches("^[a-zA-Z]:\\\\.*")) {
            return new org.apache.hadoop.fs.Path(location).toUri();
        }
        return new org.apache.hadoop.fs.Path("file", null, Path.of(location).toAbsolutePath().normalize().toString()).toUri();
    }
}
