package io.srgan.spark.upscale;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The file systems one task reads from, one private instance per scheme and authority, closed with
 * the task (not Hadoop's shared cache, which would keep the first settings a JVM used).
 */
final class FileSystems implements AutoCloseable {
    private final Configuration conf;
    private final Map<String, FileSystem> open = new HashMap<>();

    FileSystems(Configuration conf) {
        this.conf = conf;
    }

    FileSystem of(Path path) throws IOException {
        URI uri = path.toUri();
        String key = uri.getScheme() + "://" + uri.getAuthority();
        FileSystem fs = open.get(key);
        if (fs == null) {
            fs = FileSystem.newInstance(uri, conf);
            open.put(key, fs);
        }
        return fs;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (FileSystem fs : open.values()) {
            try {
                fs.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        open.clear();
        if (first != null) throw first;
    }
}
