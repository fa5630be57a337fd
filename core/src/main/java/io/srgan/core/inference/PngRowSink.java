package io.srgan.core.inference;

import ar.com.hjg.pngj.ImageInfo;
import ar.com.hjg.pngj.ImageLineInt;
import ar.com.hjg.pngj.PngWriter;
import ar.com.hjg.pngj.PngjException;
import io.srgan.core.data.ColourMode;
import io.srgan.core.data.FloatImage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@link RowSink} that encodes rows into a PNG as they arrive (PNGJ), holding one row at a time.
 * Writes 8- or 16-bit samples, RGB for 3-channel output and RGBA (straight alpha) for 4, or, with
 * {@link #withColourMode} set to a gray mode, gray and gray + alpha: a pixel's gray is R where
 * R = G = B, else the BT.601 luma 0.299R + 0.587G + 0.114B (the rule of
 * {@link io.srgan.core.data.ImageEncoder}), so a gray input upscaled by an RGB model comes out gray.
 * Values are clamped to [0, 1] (NaN to 0) and rounded to the nearest level.
 *
 * <p>If the upscale fails or the sink is closed before {@link #end()}, the PNG is left truncated;
 * callers that publish to a final location write to a temporary name and rename after success.
 */
public final class PngRowSink implements RowSink {
    private final String name;
    private final int bitDepth;
    private final int compressionLevel;
    private final ColourMode mode;
    private final StreamOpener opener;
    private final RowSequence sequence = new RowSequence();
    private PngWriter writer;
    private ImageLineInt line;
    private float[] grayRow;

    /** Opens the output lazily, once the size is known. */
    @FunctionalInterface
    private interface StreamOpener {
        OutputStream open() throws IOException;
    }

    private PngRowSink(String name, int bitDepth, int compressionLevel, ColourMode mode, StreamOpener opener) {
        if (bitDepth != 8 && bitDepth != 16) {
            throw new IllegalArgumentException("PNG bit depth must be 8 or 16, got " + bitDepth);
        }
        if (compressionLevel < 0 || compressionLevel > 9) {
            throw new IllegalArgumentException("deflate level must be 0..9, got " + compressionLevel);
        }
        this.name = name;
        this.bitDepth = bitDepth;
        this.compressionLevel = compressionLevel;
        this.mode = mode;
        this.opener = opener;
    }

    /** Creates (or replaces) {@code file} at {@link #begin}; deflate level 6. */
    public static PngRowSink toFile(Path file, int bitDepth) {
        Objects.requireNonNull(file, "file");
        return new PngRowSink(file.toString(), bitDepth, 6, null,
                () -> new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    /** Writes to {@code out}, which the sink owns and closes; deflate level 6. */
    public static PngRowSink toStream(OutputStream out, String name, int bitDepth) {
        Objects.requireNonNull(out, "out");
        return new PngRowSink(Objects.requireNonNull(name, "name"), bitDepth, 6, null, () -> out);
    }

    /** The same sink with another deflate level (0 = store, 9 = smallest and slowest). */
    public PngRowSink withCompressionLevel(int level) {
        if (writer != null) {
            throw new IllegalStateException("compression level must be set before begin");
        }
        return new PngRowSink(name, bitDepth, level, mode, opener);
    }

    /**
     * The same sink writing {@code mode} (e.g. the input file's, to keep it): the gray modes store one
     * gray sample per pixel. Whether alpha is written still follows the channels given to
     * {@link #begin}, which must agree with {@code mode.hasAlpha()}.
     */
    public PngRowSink withColourMode(ColourMode newMode) {
        if (writer != null) {
            throw new IllegalStateException("colour mode must be set before begin");
        }
        return new PngRowSink(name, bitDepth, compressionLevel, Objects.requireNonNull(newMode, "mode"), opener);
    }

    @Override
    public void begin(int height, int width, int channels) throws IOException {
        sequence.begin(height, width, channels);
        if (mode != null && mode.hasAlpha() != (channels == 4)) {
            throw new IllegalArgumentException("colour mode " + mode + " for " + name + " needs " + (mode.hasAlpha() ? 4 : 3)
                    + " channels, got " + channels);
        }
        boolean gray = mode != null && mode.isGray();
        ImageInfo info;
        try {
            info = new ImageInfo(width, height, bitDepth, channels == 4, gray, false);
        } catch (PngjException e) {
            throw new IllegalArgumentException("cannot write a " + width + "x" + height + " PNG to " + name + ": " + e.getMessage(), e);
        }
        OutputStream out = opener.open();
        try {
            writer = new PngWriter(out, info);
            writer.setShouldCloseStream(true);
            writer.setCompLevel(compressionLevel);
        } catch (PngjException e) {
            out.close();
            throw new IOException("cannot start PNG " + name + ": " + e.getMessage(), e);
        }
        line = new ImageLineInt(info);
        grayRow = gray ? new float[width * (channels - 2)] : null;
    }

    @Override
    public void writeRows(int y0, FloatImage rows) throws IOException {
        sequence.accept(y0, rows);
        int maxLevel = (1 << bitDepth) - 1;
        int[] samples = line.getScanline();
        float[] src = rows.data();
        int rowSamples = samples.length;
        try {
            for (int y = 0; y < rows.height(); y++) {
                float[] row = src;
                int offset = y * rows.width() * rows.channels();
                if (grayRow != null) {
                    GrayRows.reduce(src, offset, rows.width(), rows.channels(), grayRow);
                    row = grayRow;
                    offset = 0;
                }
                for (int i = 0; i < rowSamples; i++) {
                    samples[i] = UnitInterval.quantize(row[offset + i], maxLevel);
                }
                writer.writeRow(line, y0 + y);
            }
        } catch (PngjException e) {
            throw new IOException("cannot write PNG " + name + " at row " + y0 + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void end() throws IOException {
        sequence.end();
        try {
            writer.end();
        } catch (PngjException e) {
            throw new IOException("cannot finish PNG " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close(); // after end() a no-op; otherwise closes the stream, leaving a truncated PNG
            writer = null;
        }
    }
}
