package io.srgan.spark.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/** Passes bytes through and keeps their count and CRC32C. Closing it does not close the target. */
final class Crc32cOutputStream extends FilterOutputStream {
    private final CRC32C crc = new CRC32C();
    private long size;

    Crc32cOutputStream(OutputStream target) {
        super(target);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        crc.update(b);
        size++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        crc.update(b, off, len);
        size += len;
    }

    @Override
    public void close() throws IOException {
        // The file's owner closes the underlying stream once it decides the content is complete.
        flush();
    }

    FileDigest digest() {
        return new FileDigest(size, FileDigest.hex(crc.getValue()));
    }
}
