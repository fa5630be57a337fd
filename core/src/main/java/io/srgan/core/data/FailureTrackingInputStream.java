package io.srgan.core.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Remembers the first failure of the stream under a decoder, which decoders report as bad data
 * ("truncated"): then the caller can say whether the file or the file system was at fault.
 */
public class FailureTrackingInputStream extends FilterInputStream {
    private IOException failure;

    public FailureTrackingInputStream(InputStream in) {
        super(java.util.Objects.requireNonNull(in, "in"));
    }

    /** The first I/O error of the underlying stream, or null. */
    public IOException failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    private IOException remember(IOException e) {
        if (failure == null) failure = e;
        return e;
    }
}
