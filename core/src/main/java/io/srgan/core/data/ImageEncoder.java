package io.srgan.core.data;

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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Encodes {@link FloatImage}s (values in [0, 1]) to PNG or JPEG bytes. Samples are clamped to
 * [0, 1] and quantised round-half-up ({@link Quantizer}); NaN is refused. For PNG,
 * decode(encode(x)) reproduces every 8- and 16-bit PNG exactly, in every {@link ColourMode}.
 *
 * <p>The colour image may have 1 or 3 channels whatever the mode: a 1-channel image is replicated
 * for the RGB modes, and a 3-channel image is reduced for the gray modes — to R where R = G = B,
 * else to the BT.601 luma 0.299R + 0.587G + 0.114B (an RGB model output for a gray input).
 */
public final class ImageEncoder {
    private ImageEncoder() {}

    /** PNG in the decoded image's own mode and bit depth: the inverse of {@link ImageDecoder}. */
    public static byte[] png(DecodedImage image) {
        return png(image.rgb(), image.alpha().orElse(null), image.mode(), image.bitDepth());
    }

    /**
     * @param colour   {@code h × w × 1} or {@code h × w × 3}
     * @param alpha    {@code h × w × 1}; required exactly when {@code mode} has alpha
     * @param bitDepth 8 or 16
     */
    public static byte[] png(FloatImage colour, FloatImage alpha, ColourMode mode, int bitDepth) {
        if (bitDepth != 8 && bitDepth != 16) {
            throw new IllegalArgumentException("PNG bit depth must be 8 or 16, got " + bitDepth);
        }
        BufferedImage image = toBufferedImage(colour, alpha, mode, bitDepth);
        return write(image, "png", null);
    }

    /**
     * 8-bit baseline JPEG, gray or RGB ({@code mode} GRAY or RGB; JPEG has no alpha).
     *
     * @param quality 0..1, as {@link ImageWriteParam#setCompressionQuality}; 0.95 is near-lossless
     */
    public static byte[] jpeg(FloatImage colour, ColourMode mode, float quality) {
        if (mode.hasAlpha()) {
            throw new IllegalArgumentException("JPEG cannot store alpha (mode " + mode + "): use PNG, or encode GRAY/RGB");
        }
        if (!(quality >= 0f && quality <= 1f)) {
            throw new IllegalArgumentException("JPEG quality must be in [0, 1], got " + quality);
        }
        return write(toBufferedImage(colour, null, mode, 8), "jpeg", quality);
    }

    private static BufferedImage toBufferedImage(FloatImage colour, FloatImage alpha, ColourMode mode, int bitDepth) {
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(mode, "mode");
        if (colour.channels() != 1 && colour.channels() != 3) {
            throw new IllegalArgumentException("colour image must have 1 or 3 channels, got " + colour.channels());
        }
        if (mode.hasAlpha() != (alpha != null)) {
            throw new IllegalArgumentException("mode " + mode + (alpha == null ? " needs an alpha plane" : " has no alpha; drop the alpha plane or use " + ColourMode.of(mode.isGray(), true)));
        }
        int h = colour.height();
        int w = colour.width();
        if (alpha != null && (alpha.channels() != 1 || alpha.height() != h || alpha.width() != w)) {
            throw new IllegalArgumentException("alpha must be " + h + "x" + w + "x1, got " + alpha.height() + "x" + alpha.width() + "x" + alpha.channels());
        }
        int dataType = bitDepth == 16 ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE;
        ColorSpace space = ColorSpace.getInstance(mode.isGray() ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ComponentColorModel cm = new ComponentColorModel(space, mode.hasAlpha(), false,
                mode.hasAlpha() ? Transparency.TRANSLUCENT : Transparency.OPAQUE, dataType);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        int max = bitDepth == 16 ? 65535 : 255;
        int bands = mode.colourChannels() + (mode.hasAlpha() ? 1 : 0);
        int[] row = new int[w * bands];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int s = x * bands;
                if (mode.isGray()) {
                    row[s] = Quantizer.level(grayOf(colour, y, x), max);
                } else {
                    for (int c = 0; c < 3; c++) {
                        row[s + c] = Quantizer.level(colour.get(y, x, colour.channels() == 1 ? 0 : c), max);
                    }
                }
                if (alpha != null) {
                    row[s + bands - 1] = Quantizer.level(alpha.get(y, x, 0), max);
                }
            }
            raster.setPixels(0, y, w, 1, row);
        }
        return new BufferedImage(cm, raster, false, null);
    }

    private static float grayOf(FloatImage colour, int y, int x) {
        float r = colour.get(y, x, 0);
        if (colour.channels() == 1) {
            return r;
        }
        float g = colour.get(y, x, 1);
        float b = colour.get(y, x, 2);
        if (r == g && g == b) {
            return r;
        }
        return (float) (0.299 * r + 0.587 * g + 0.114 * b);
    }

    private static byte[] write(BufferedImage image, String format, Float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (quality != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding " + format + " in memory failed", e); // no real I/O here
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
