package io.srgan.spark.interop;

import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A weight file as a local path (the readers seek in zips) with its SHA-256: a local file is read in
 * place, one on another Hadoop file system is copied to a temporary file, deleted on {@link #close}.
 */
final class LocalWeightFile implements AutoCloseable {
    private final Path path;
    private final String sha256;
    private final boolean temporary;

    private LocalWeightFile(Path path, String sha256, boolean temporary) {
        this.path = path;
        this.sha256 = sha256;
        this.temporary = temporary;
    }

    static LocalWeightFile of(URI file, HadoopSettings settings) throws IOException {
        if ("file".equals(file.getScheme())) {
            Path local = Path.of(file);
            if (!Files.isRegularFile(local)) throw new IOException(file.getPath() + ": no such weight file");
            try (InputStream in = Files.newInputStream(local)) {
                return new LocalWeightFile(local, sha256(in, OutputStream.nullOutputStream()), false);
            }
        }
        Path copy = Files.createTempFile("srgan-import-", ".weights");
        try (Storage storage = Storage.open(file, settings);
             InputStream in = storage.fileSystem().open(storage.root());
             OutputStream out = Files.newOutputStream(copy)) {
            return new LocalWeightFile(copy, sha256(in, out), true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(copy);
            if (e instanceof java.io.FileNotFoundException) throw new IOException(file + ": no such weight file", e);
            throw e;
        }
    }

    Path path() { return path; }

    String sha256() { return sha256; }

    /** Copies {@code in} to {@code out}, returning the SHA-256 of the bytes as hex. */
    private static String sha256(InputStream in, OutputStream out) throws IOException {
        try {
            DigestInputStream digesting = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"));
            digesting.transferTo(out);
            return HexFormat.of().formatHex(digesting.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    @Override
    public void close() throws IOException {
        if (temporary) Files.deleteIfExists(path);
    }
}
