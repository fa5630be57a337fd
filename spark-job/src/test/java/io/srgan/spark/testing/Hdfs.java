package io.srgan.spark.testing;

import io.srgan.spark.io.HadoopSettings;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;

/**
 * A running HDFS as a client sees it.
 *
 * @param uri      {@code hdfs://127.0.0.1:<port>}, the file system's root
 * @param settings the client settings a job would be given for it
 */
public record Hdfs(URI uri, HadoopSettings settings) {
    public Configuration configuration() {
        return settings.toConfiguration();
    }

    /** {@code path} (absolute, e.g. {@code /runs/a}) on this file system. */
    public URI uri(String path) {
        return uri.resolve(path);
    }
}
