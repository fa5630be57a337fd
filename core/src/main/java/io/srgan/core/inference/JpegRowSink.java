package io.srgan.core.inference;

import io.srgan.core.data.ColourMode;
import io.srgan.core.data.FloatImage;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A {@link RowSink} that writes an 8-bit baseline JPEG, RGB or (with {@link #withColourMode} GRAY)
 * gray, reduced as {@link PngRowSink} reduces. JPEG writers need the whole image, so rows are
 * quantised into an 8-bit raster of the output size (1 byte per pixel gray, 3 RGB) and encoded at
 * {@link #end()}: unlike the PNG sink, memory grows with the output; callers bound the output size.
 * JPEG has no alpha: 4-channel output is refused.
 */
public final class JpegRowSink implements RowSink {
    private static final int MAX_SIDE = 65_535;

    private final OutputStream out;
    private final String name;
    private final float quality;
    private final ColourMode mode;
    private final RowSequence sequence = new RowSequence();
    private WritableRaster raster;
    private BufferedImage image;
    private float[] grayRow;
    private int[] levels;
    private boolean ended;

    private JpegRowSink(OutputStream out, String name, float quality, ColourMode mode) {
        if (!(quality >= 0f && quality <= 1f)) {
            throw new IllegalArgumentException("JPEG quality must be in [0, 1], got " + quality);
        }
        this.out = out;
        this.name = name;
        this.quality = quality;
        this.mode = mode;
    }

    /**
     * Writes to {@code out} at {@link #end()}, then closes it (the sink owns the stream).
     *
     * @param quality 0..1, as {@link ImageWriteParam#setCompressionQuality}; 0.95 is near-lossless
     */
    public static JpegRowSink toStream(OutputStream out, String name, float quality) {
        return new JpegRowSink(Objects.requireNonNull(out, "out"), Objects.requireNonNull(name, "name"), quality, ColourMode.RGB);
    }

    /** The same sink writing {@code mode}: GRAY or RGB. */
    public JpegRowSink withColourMode(ColourMode newMode) {
        if (Objects.requireNonNull(newMode, "mode").hasAlpha()) {
            throw new IllegalArgumentException("JPEG cannot store alpha (mode " + newMode + ")");
        }
        if (raster != null) {
            throw new IllegalStateException("colour mode must be set before begin");
        }
        return new JpegRowSink(out, name, quality, newMode);
    }

    @Override
    public void begin(int height, int width, int channels) {
        sequence.begin(height, width, channels);
        if (channels != 3) {
            throw new IllegalArgumentException("JPEG cannot store alpha: " + name + " would have " + channels + " channels");
        }
        if (height > MAX_SIDE || width > MAX_SIDE) {
            throw new IllegalArgumentException("a " + width + "x" + height + " JPEG exceeds the format's " + MAX_SIDE + " pixels per side: " + name);
        }
        int bands = mode.colourChannels();
        if ((long) height * width * bands > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a " + width + "x" + height + " JPEG does not fit one raster in memory: " + name);
        }
        ColorSpace space = ColorSpace.getInstance(mode.isGray() ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ComponentColorModel cm = new ComponentColorModel(space, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        raster = cm.createCompatibleWritableRaster(width, height);
        image = new BufferedImage(cm, raster, false, null);
        grayRow = mode.isGray() ? new float[width] : null;
        levels = new int[width * bands];
    }

    @Override
    public void writeRows(int y0, FloatImage rows) {
        sequence.accept(y0, rows);
        float[] src = rows.data();
        int rowFloats = rows.width() * rows.channels();
        for (int y = 0; y < rows.height(); y++) {
            float[] row = src;
            int offset = y * rowFloats;
            if (grayRow != null) {
                GrayRows.reduce(src, offset, rows.width(), rows.channels(), grayRow);
                row = grayRow;
                offset = 0;
            }
            for (int i = 0; i < levels.length; i++) {
                levels[i] = UnitInterval.quantize(row[offset + i], 255);
            }
            raster.setPixels(0, y0 + y, rows.width(), 1, levels);
        }
    }

    @Override
    public void end() throws IOException {
        sequence.end();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot write JPEG " + name + ": " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
        ended = true;
        out.close();
        image = null;
        raster = null;
    }

    /** After {@link #end()} a no-op; before, closes the stream with nothing written, as PngRowSink leaves a truncated file. */
    @Override
    public void close() throws IOException {
        image = null;
        raster = null;
        if (!ended) {
            ended = true;
            out.close();
        }
    }
}
