package io.srgan.spark.io;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/**
 * A Hadoop file system opened for one root URI ({@code file://}, {@code hdfs://}, {@code s3a://}, ...)
 * together with the commit protocol that suits it. Owns its {@link FileSystem} instance: it is a
 * private instance, not Hadoop's shared cache entry, so closing it cannot break other users. A view
 * of a sub-folder ({@link #under}) shares that instance and leaves it open when closed.
 */
public final class Storage implements AutoCloseable {
    private final URI uri;
    private final Path root;
    private final FileSystem fs;
    private final CommitProtocol protocol;
    private final boolean ownsFileSystem;

    private Storage(URI uri, Path root, FileSystem fs, CommitProtocol protocol, boolean ownsFileSystem) {
        this.uri = uri;
        this.root = root;
        this.fs = fs;
        this.protocol = protocol;
        this.ownsFileSystem = ownsFileSystem;
    }

    /** Opens the file system of {@code uri}; {@code conf} carries the client settings ({@code fs.s3a.*}, ...). */
    public static Storage open(URI uri, Configuration conf) throws IOException {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(conf, "conf");
        if (uri.getScheme() == null) {
            throw new IllegalArgumentException("storage URI '" + uri + "' has no scheme; write it as"
                    + " file:///absolute/path, hdfs://namenode:port/path or s3a://bucket/path");
        }
        CommitProtocol protocol = CommitProtocol.forScheme(uri.getScheme(), conf);
        FileSystem fs;
        try {
            fs = FileSystem.newInstance(uri, conf);
        } catch (UnsupportedFileSystemException e) {
            throw new IOException("no Hadoop file system for scheme '" + uri.getScheme() + "' of " + uri
                    + ("s3a".equals(uri.getScheme()) ? ": put hadoop-aws and its aws-java-sdk-bundle on the classpath" : "")
                    + " (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IOException("cannot open the file system of " + uri + ": " + e.getMessage(), e);
        }
        if (fs instanceof ChecksumFileSystem local) {
            // Checkpoints carry their own CRC32C; .crc side files would only clutter folders users open.
            local.setWriteChecksum(false);
        }
        // Path(scheme, authority, path) drops a trailing '/': S3A would re-parse such a folder from its
        // escaped form (HADOOP-15430) and look for "a%20b" instead of "a b"
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        return new Storage(uri, fs.makeQualified(new Path(uri.getScheme(), uri.getAuthority(), path)), fs, protocol, true);
    }

    /**
     * The folder {@code relative} below the root as a storage of its own, on this storage's file system
     * instance (no new client: a store with many sub-folders holds one connection pool, not one each).
     * It is usable while this storage is open; closing it does nothing.
     */
    public Storage under(String relative) {
        Path folder = resolve(relative);
        return new Storage(URI.create(folder.toUri() + "/"), folder, fs, protocol, false);
    }

    /** Opens {@code uri} with a Configuration built from {@code settings}. */
    public static Storage open(URI uri, HadoopSettings settings) throws IOException {
        return open(uri, settings.toConfiguration());
    }

    /** The URI this storage was opened for. */
    public URI uri() {
        return uri;
    }

    /** The fully qualified path of {@link #uri()}. */
    public Path root() {
        return root;
    }

    /** {@code relative} resolved against {@link #root()}. */
    public Path resolve(String relative) {
        return new Path(root, relative);
    }

    public FileSystem fileSystem() {
        return fs;
    }

    public Configuration configuration() {
        return fs.getConf();
    }

    public CommitProtocol commitProtocol() {
        return protocol;
    }

    @Override
    public void close() throws IOException {
        if (ownsFileSystem) {
            fs.close();
        }
    }

    @Override
    public String toString() {
        return "Storage[" + root + ", " + protocol + "]";
    }
}
