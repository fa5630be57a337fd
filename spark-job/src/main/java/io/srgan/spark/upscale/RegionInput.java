package io.srgan.spark.upscale;

import io.srgan.core.data.ColourMode;
import io.srgan.core.data.DecodedImage;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.InvalidImageException;
import io.srgan.core.data.RasterConverter;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;

/**
 * A JPEG, BMP or TIFF read band by band through ImageIO source regions, so that memory holds one
 * band of rows, not the image: a band is about {@code bandBytes} of decoded rows (at least the rows
 * one strip asks for). Rows are converted by {@link RasterConverter}, the rules of
 * {@link io.srgan.core.data.ImageDecoder}, and the decoder is as strict: any reader warning (a
 * truncated JPEG, which the JDK would fill with gray) rejects the file.
 *
 * <p>Cost: a JPEG reader decodes from the top of the file to the end of each band, so an image of
 * k bands is decoded about k/2 times. With the default 64 MiB a band, images up to ~2.8 megapixels
 * are decoded once; a 100-megapixel one some 18 times, seconds next to the model's hours.
 */
final class RegionInput implements InputImage {
    /** Decoded bytes per pixel of a band: 4 float channels plus the reader's raster (up to 4 × 16 bit). */
    private static final int BYTES_PER_PIXEL = 24;

    private final SeekableImageInputStream stream;
    private final ImageHeader header;
    private final String name;
    private final int bandRows;
    private final List<String> warnings = new ArrayList<>();
    private DecodedImage band;
    private int bandStart;
    private ColourMode mode;
    private int bitDepth;
    private int lastY0;

    private RegionInput(SeekableImageInputStream stream, ImageHeader header, String name, long bandBytes) {
        this.stream = stream;
        this.header = header;
        this.name = name;
        this.bandRows = bandRows(header.width(), header.height(), bandBytes);
        header.reader().addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    }

    /** Rows a band of a {@code width × height} image holds: about {@code bandBytes} of decoded rows, at least one. */
    static int bandRows(int width, int height, long bandBytes) {
        return (int) Math.max(1, Math.min(height, bandBytes / ((long) width * BYTES_PER_PIXEL)));
    }

    /** Heap a band of {@code rows} rows of width {@code width} takes while decoded. */
    static long bandBytes(int width, int rows) {
        return (long) width * rows * BYTES_PER_PIXEL;
    }

    /** Opens the image on {@code stream} (owned and closed by the source) and decodes its first band. */
    static RegionInput open(SeekableImageInputStream stream, ImageHeader header, String name, long bandBytes) throws IOException {
        RegionInput input = new RegionInput(stream, header, name, bandBytes);
        try {
            input.load(0, 1);
            return input;
        } catch (IOException | RuntimeException e) {
            input.close();
            throw e;
        }
    }

    @Override public int height() { return header.height(); }

    @Override public int width() { return header.width(); }

    @Override public int channels() { return mode.hasAlpha() ? 4 : 3; }

    @Override public ColourMode mode() { return mode; }

    @Override public int bitDepth() { return bitDepth; }

    @Override
    public FloatImage readRows(int y0, int count) throws IOException {
        if (y0 < lastY0) {
            throw new IllegalArgumentException("reads are forward-only: row " + y0 + " requested after row " + lastY0 + " of " + name);
        }
        if (count < 1 || y0 < 0 || (long) y0 + count > height()) {
            throw new IllegalArgumentException("rows " + y0 + " + " + count + " outside " + name + " of height " + height());
        }
        lastY0 = y0;
        if (y0 < bandStart || y0 + count > bandStart + band.height()) load(y0, count);
        int channels = channels();
        int w = width();
        FloatImage out = FloatImage.zeros(count, w, channels);
        float[] o = out.data();
        float[] rgb = band.rgb().data();
        float[] alpha = band.alpha().map(FloatImage::data).orElse(null);
        int first = y0 - bandStart;
        if (alpha == null) {
            System.arraycopy(rgb, first * w * 3, o, 0, count * w * 3);
            return out;
        }
        for (int p = 0; p < count * w; p++) {
            int src = first * w + p;
            System.arraycopy(rgb, src * 3, o, p * 4, 3);
            o[p * 4 + 3] = alpha[src];
        }
        return out;
    }

    /** Decodes rows from {@code y0}: at least {@code count}, up to a band. */
    private void load(int y0, int count) throws IOException {
        int rows = Math.min(height() - y0, Math.max(count, bandRows));
        band = null; // the previous band can go before the next is decoded
        ImageReader reader = header.reader();
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceRegion(new Rectangle(0, y0, width(), rows));
        BufferedImage image;
        try {
            image = reader.read(0, param);
        } catch (IOException | RuntimeException e) {
            if (stream.failure() != null) throw stream.failure(); // the file system failed, not the data
            throw new InvalidImageException(name, "corrupt or truncated " + header.format() + " data (" + ImageDecoder.describe(e) + ")", e);
        }
        if (!warnings.isEmpty()) {
            throw new InvalidImageException(name, "corrupt or truncated " + header.format() + " data (" + String.join("; ", warnings) + ")");
        }
        DecodedImage decoded = RasterConverter.convert(image, header.format(), name);
        if (mode == null) {
            mode = decoded.mode();
            bitDepth = decoded.bitDepth();
        } else if (mode != decoded.mode() || bitDepth != decoded.bitDepth()) {
            throw new InvalidImageException(name, "rows " + y0 + ".." + (y0 + rows) + " decode as " + decoded.mode() + " "
                    + decoded.bitDepth() + "-bit, earlier rows as " + mode + " " + bitDepth + "-bit");
        }
        band = decoded;
        bandStart = y0;
    }

    @Override
    public void close() throws IOException {
        band = null;
        header.reader().dispose();
        stream.close();
    }
}
