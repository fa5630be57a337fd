package io.srgan.spark.upscale;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Command-line locations: a URI with a scheme ({@code hdfs://…}, {@code s3a://…}, {@code file:///…}) or a local path. */
public final class Locations {
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");

    private Locations() {}

    /**
     * {@code location} as a URI; a path without a scheme is a path on this machine's file system,
     * made absolute against the working directory (executors elsewhere cannot see it).
     */
    public static URI toUri(String location) {
        if (SCHEME.matcher(location).matches()) {
            try {
                return new URI(location);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + location + "' is not a valid URI: " + e.getMessage(), e);
            }
        }
        return Path.of(location).toAbsolutePath().normalize().toUri();
    }
}
