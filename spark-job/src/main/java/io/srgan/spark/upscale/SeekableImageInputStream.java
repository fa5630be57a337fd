package io.srgan.spark.upscale;

import java.io.IOException;
import javax.imageio.stream.ImageInputStreamImpl;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * An ImageIO stream over a Hadoop file opened for reading, seeking in the file itself instead of
 * caching what was read (ImageIO's own stream wrappers keep every byte read in memory or in a
 * temporary file; region reads of a large image seek back to its start for every region). Reads go
 * through a 64 KiB buffer. The first failure of the underlying stream is remembered, so that a
 * reader's "corrupt data" can be told apart from a failing file system.
 */
final class SeekableImageInputStream extends ImageInputStreamImpl {
    private static final int BUFFER_BYTES = 1 << 16;

    private final FSDataInputStream in;
    private final long length;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private long bufferStart;
    private int bufferLength;
    private IOException failure;

    /** @param length the file's length in bytes */
    SeekableImageInputStream(FSDataInputStream in, long length) {
        this.in = in;
        this.length = length;
    }

    /** The first I/O error of the underlying stream, or null. */
    IOException failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        if (!buffered(streamPos) && !fill()) return -1;
        int b = buffer[(int) (streamPos - bufferStart)] & 0xff;
        streamPos++;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkClosed();
        if (len == 0) return 0;
        bitOffset = 0;
        if (!buffered(streamPos)) {
            if (len >= BUFFER_BYTES) {
                int n = readAt(streamPos, b, off, len);
                if (n > 0) streamPos += n;
                return n;
            }
            if (!fill()) return -1;
        }
        int n = (int) Math.min(len, bufferStart + bufferLength - streamPos);
        System.arraycopy(buffer, (int) (streamPos - bufferStart), b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void close() throws IOException {
        super.close();
        in.close();
    }

    private boolean buffered(long pos) {
        return pos >= bufferStart && pos < bufferStart + bufferLength;
    }

    private boolean fill() throws IOException {
        int n = readAt(streamPos, buffer, 0, BUFFER_BYTES);
        if (n <= 0) return false;
        bufferStart = streamPos;
        bufferLength = n;
        return true;
    }

    private int readAt(long pos, byte[] b, int off, int len) throws IOException {
        if (pos >= length) return -1;
        try {
            if (in.getPos() != pos) in.seek(pos);
            return in.read(b, off, (int) Math.min(len, length - pos));
        } catch (IOException e) {
            if (failure == null) failure = e;
            throw e;
        }
    }
}
