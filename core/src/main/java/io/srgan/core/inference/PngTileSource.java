package io.srgan.core.inference;

import ar.com.hjg.pngj.ImageLineInt;
import ar.com.hjg.pngj.PngReader;
import ar.com.hjg.pngj.PngjException;
import io.srgan.core.data.ColourMode;
import io.srgan.core.data.FloatImage;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A {@link TileSource} that decodes a PNG row by row and keeps only the rows from the latest
 * requested {@code y0} on, so memory is a few strips' worth of LR rows whatever the image height.
 * Interlaced PNGs are accepted, but PNGJ must then decode the whole image at once.
 *
 * <p>Channels: RGBA when the file has an alpha channel (or a palette with tRNS alpha), else RGB;
 * see {@link PngLineDecoder} for the conversions.
 */
public final class PngTileSource implements TileSource {
    private final String name;
    private final PngReader reader;
    private final PngLineDecoder decoder;
    private final int rowFloats;
    private final ArrayDeque<float[]> buffered = new ArrayDeque<>();
    private int firstBuffered;
    private int lastY0;

    private PngTileSource(String name, InputStream in) throws IOException {
        this.name = name;
        try {
            reader = new PngReader(in, true);
            // PNGJ stops at 901 MB read by default, which rejects large valid inputs; size limits
            // are the caller's policy (checked on width × height).
            reader.setMaxTotalBytesRead(Long.MAX_VALUE);
            decoder = new PngLineDecoder(reader.imgInfo, reader.getMetadata().getPLTE(), reader.getMetadata().getTRNS());
        } catch (PngjException | IllegalArgumentException e) {
            in.close();
            throw new IOException("cannot read PNG " + name + ": " + e.getMessage(), e);
        }
        rowFloats = Math.multiplyExact(reader.imgInfo.cols, decoder.channels());
    }

    /** Opens a PNG file; close the source to release it. */
    public static PngTileSource open(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        return new PngTileSource(file.toString(), new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }

    /** Reads a PNG from a stream, which the source owns and closes. */
    public static PngTileSource read(InputStream in, String name) throws IOException {
        return new PngTileSource(Objects.requireNonNull(name, "name"), Objects.requireNonNull(in, "in"));
    }

    @Override
    public int height() { return reader.imgInfo.rows; }

    @Override
    public int width() { return reader.imgInfo.cols; }

    @Override
    public int channels() { return decoder.channels(); }

    /** How the file stores colour (rows are RGB(A) whatever it is): to write the output in the same mode. */
    public ColourMode mode() { return decoder.mode(); }

    /** 16 when the file stores 16-bit samples, else 8. */
    public int bitDepth() { return decoder.bitDepth(); }

    @Override
    public FloatImage readRows(int y0, int count) throws IOException {
        if (y0 < lastY0) {
            throw new IllegalArgumentException("reads are forward-only: row " + y0 + " requested after row " + lastY0
                    + " of " + name);
        }
        if (count < 1 || y0 < 0 || (long) y0 + count > height()) {
            throw new IllegalArgumentException("rows " + y0 + " + " + count + " outside " + name + " of height " + height());
        }
        lastY0 = y0;
        while (firstBuffered < y0 && !buffered.isEmpty()) {
            buffered.removeFirst();
            firstBuffered++;
        }
        try {
            while (firstBuffered + buffered.size() < y0 + count) {
                int row = firstBuffered + buffered.size();
                float[] floats = new float[rowFloats];
                decoder.decode((ImageLineInt) reader.readRow(row), floats, 0);
                if (row < y0) {
                    firstBuffered++; // skipped before it was ever needed
                } else {
                    buffered.addLast(floats);
                }
            }
        } catch (PngjException e) {
            throw new IOException("cannot read PNG " + name + " at row " + (firstBuffered + buffered.size()) + ": "
                    + e.getMessage(), e);
        }
        FloatImage out = FloatImage.zeros(count, width(), channels());
        int y = 0;
        for (float[] row : buffered) {
            if (y == count) {
                break;
            }
            System.arraycopy(row, 0, out.data(), y * rowFloats, rowFloats);
            y++;
        }
        return out;
    }

    @Override
    public void close() {
        buffered.clear();
        reader.close();
    }
}
