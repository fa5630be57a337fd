package io.srgan.spark.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import java.util.zip.CRC32C;

/**
 * Reads a checkpoint file and checks, at its end, the size and CRC32C its manifest records. A reader
 * that stops early still gets the check: {@link #close()} reads the rest first, so a corrupt file can
 * never pass unnoticed.
 */
final class VerifyingInputStream extends FilterInputStream {
    private final ManifestFile expected;
    private final Function<String, ManifestMismatchException> corrupt;
    private final CRC32C crc = new CRC32C();
    private long count;
    private boolean checked;

    VerifyingInputStream(InputStream in, ManifestFile expected, Function<String, ManifestMismatchException> corrupt) {
        super(in);
        this.expected = expected;
        this.corrupt = corrupt;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            checkAtEnd();
        } else {
            crc.update(b);
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            checkAtEnd();
        } else {
            crc.update(b, off, n);
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must still enter the checksum.
        byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported: a reset would feed bytes to the checksum twice
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    @Override
    public void close() throws IOException {
        try {
            if (!checked) {
                byte[] buffer = new byte[1 << 16];
                while (read(buffer, 0, buffer.length) >= 0) {
                    // drain: the check runs at the end
                }
            }
        } finally {
            in.close();
        }
    }

    private void counted(int n) throws ManifestMismatchException {
        count += n;
        if (count > expected.size()) {
            checked = true;
            throw corrupt.apply("is longer than the " + expected.size() + " bytes MANIFEST.json records");
        }
    }

    private void checkAtEnd() throws ManifestMismatchException {
        if (checked) {
            return;
        }
        checked = true;
        if (count != expected.size()) {
            throw corrupt.apply("ends after " + count + " bytes, MANIFEST.json records " + expected.size() + " (truncated)");
        }
        String actual = FileDigest.hex(crc.getValue());
        if (!actual.equals(expected.crc32c())) {
            throw corrupt.apply("has CRC32C " + actual + ", MANIFEST.json records " + expected.crc32c()
                    + " (the bytes changed after the checkpoint was written)");
        }
    }
}
