package io.srgan.spark.train;

import java.net.URI;
import java.nio.file.Path;

/** Locations in configs and on command lines: a Hadoop URI ({@code hdfs://…}, {@code s3a://…}, {@code file:/…}) or a local path. */
public final class Uris {
    private Uris() {}

    /**
     * {@code location} as a URI; a plain path becomes an absolute {@code file:} URI resolved against
     * the driver's working directory (on a cluster, give shared URIs: executors read them too).
     */
    public static URI of(String location) {
        if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !location.matches("^[a-zA-Z]:\\\\.*")) {
            return URI.create(location);
        }
        return Path.of(location).toAbsolutePath().normalize().toUri();
    }
}
