package io.srgan.core.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.PackedColorModel;
import java.awt.image.Raster;
import java.awt.Transparency;
import java.util.Arrays;

/**
 * A decoded {@link BufferedImage} to {@link DecodedImage}. Component images (8/16-bit gray, RGB,
 * with or without alpha) are read from the raster directly, so 16-bit samples keep their precision
 * and gray samples are not put through Java2D's linear-gray colour conversion. Palette and packed
 * images go through {@link BufferedImage#getRGB}, which gives 8-bit sRGB. A palette whose entries
 * are all gray decodes as gray (this is how the JDK delivers 1-, 2- and 4-bit gray PNGs).
 * CMYK (8 or 16 bit, no alpha) becomes RGB without a colour profile, as Pillow, browsers and
 * libjpeg-turbo's tools do: R = (1 − C)(1 − K), G = (1 − M)(1 − K), B = (1 − Y)(1 − K), with C, M, Y, K
 * the ink amounts in [0, 1]. The JDK's JPEG reader delivers ink amounts for every CMYK JPEG: it
 * undoes Adobe's inverted storage and converts YCCK (APP14 transform 2) to CMYK itself; TIFF stores
 * ink amounts.
 * Public so that readers of image regions (strip by strip, for images too large to hold) convert by
 * exactly the rules of {@link ImageDecoder}.
 */
public final class RasterConverter {
    private RasterConverter() {}

    public static DecodedImage convert(BufferedImage image, String format, String name) throws InvalidImageException {
        ColorModel cm = image.getColorModel();
        if (cm instanceof IndexColorModel icm) {
            boolean alpha = icm.getTransparency() != Transparency.OPAQUE;
            return fromArgb(image, ColourMode.of(isGrayPalette(icm), alpha), format);
        }
        int space = cm.getColorSpace().getType();
        if (space == ColorSpace.TYPE_CMYK && cm instanceof ComponentColorModel && !cm.hasAlpha() && isPlainComponent(cm, image)) {
            return fromCmyk(image, format);
        }
        if (space != ColorSpace.TYPE_RGB && space != ColorSpace.TYPE_GRAY) {
            throw new InvalidImageException(name, "unsupported colour mode: " + describe(cm, image) + " (supported: gray, gray+alpha, RGB, RGBA, CMYK)");
        }
        if (cm instanceof ComponentColorModel && isPlainComponent(cm, image)) {
            return fromComponents(image, format);
        }
        if (cm instanceof PackedColorModel && maxComponentSize(cm) <= 8 && space == ColorSpace.TYPE_RGB) {
            return fromArgb(image, ColourMode.of(false, cm.hasAlpha()), format);
        }
        throw new InvalidImageException(name, "unsupported sample layout: " + describe(cm, image) + " (supported: 8- or 16-bit integer samples)");
    }

    private static boolean isPlainComponent(ColorModel cm, BufferedImage image) {
        int type = image.getSampleModel().getDataType();
        if (type != DataBuffer.TYPE_BYTE && type != DataBuffer.TYPE_USHORT) {
            return false;
        }
        int bits = cm.getComponentSize(0);
        for (int size : cm.getComponentSize()) {
            if (size != bits) {
                return false;
            }
        }
        return (bits == 8 || bits == 16) && !cm.isAlphaPremultiplied();
    }

    private static DecodedImage fromComponents(BufferedImage image, String format) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int h = image.getHeight();
        int w = image.getWidth();
        int bands = raster.getNumBands();
        int colourBands = cm.getNumColorComponents();
        boolean gray = colourBands == 1;
        boolean hasAlpha = cm.hasAlpha();
        int bits = cm.getComponentSize(0);
        float max = bits == 16 ? 65535f : 255f;

        float[] rgb = new float[h * w * 3];
        float[] alpha = hasAlpha ? new float[h * w] : null;
        int[] row = new int[w * bands];
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                int s = x * bands;
                if (gray) {
                    float v = row[s] / max;
                    rgb[3 * p] = v;
                    rgb[3 * p + 1] = v;
                    rgb[3 * p + 2] = v;
                } else {
                    rgb[3 * p] = row[s] / max;
                    rgb[3 * p + 1] = row[s + 1] / max;
                    rgb[3 * p + 2] = row[s + 2] / max;
                }
                if (hasAlpha) {
                    alpha[p] = row[s + colourBands] / max;
                }
            }
        }
        return new DecodedImage(new FloatImage(h, w, 3, rgb), hasAlpha ? new FloatImage(h, w, 1, alpha) : null,
                bits, ColourMode.of(gray, hasAlpha), format);
    }

    private static DecodedImage fromCmyk(BufferedImage image, String format) {
        Raster raster = image.getRaster();
        int h = image.getHeight();
        int w = image.getWidth();
        int bits = image.getColorModel().getComponentSize(0);
        float max = bits == 16 ? 65535f : 255f;
        float[] rgb = new float[h * w * 3];
        int[] row = new int[w * 4];
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                int s = x * 4;
                float paper = 1f - row[s + 3] / max; // what black ink leaves
                rgb[p] = (1f - row[s] / max) * paper;
                rgb[p + 1] = (1f - row[s + 1] / max) * paper;
                rgb[p + 2] = (1f - row[s + 2] / max) * paper;
            }
        }
        return new DecodedImage(new FloatImage(h, w, 3, rgb), null, bits, ColourMode.RGB, format);
    }

    private static DecodedImage fromArgb(BufferedImage image, ColourMode mode, String format) {
        int h = image.getHeight();
        int w = image.getWidth();
        float[] rgb = new float[h * w * 3];
        float[] alpha = mode.hasAlpha() ? new float[h * w] : null;
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                int argb = row[x];
                rgb[3 * p] = ((argb >>> 16) & 0xff) / 255f;
                rgb[3 * p + 1] = ((argb >>> 8) & 0xff) / 255f;
                rgb[3 * p + 2] = (argb & 0xff) / 255f;
                if (alpha != null) {
                    alpha[p] = (argb >>> 24) / 255f;
                }
            }
        }
        return new DecodedImage(new FloatImage(h, w, 3, rgb), alpha == null ? null : new FloatImage(h, w, 1, alpha),
                8, mode, format);
    }

    private static boolean isGrayPalette(IndexColorModel icm) {
        for (int i = 0; i < icm.getMapSize(); i++) {
            int r = icm.getRed(i);
            if (r != icm.getGreen(i) || r != icm.getBlue(i)) {
                return false;
            }
        }
        return true;
    }

    private static int maxComponentSize(ColorModel cm) {
        int max = 0;
        for (int size : cm.getComponentSize()) {
            max = Math.max(max, size);
        }
        return max;
    }

    private static String describe(ColorModel cm, BufferedImage image) {
        String space = switch (cm.getColorSpace().getType()) {
            case ColorSpace.TYPE_RGB -> "RGB";
            case ColorSpace.TYPE_GRAY -> "gray";
            case ColorSpace.TYPE_CMYK -> "CMYK";
            case ColorSpace.TYPE_CMY -> "CMY";
            case ColorSpace.TYPE_YCbCr -> "YCbCr";
            case ColorSpace.TYPE_Lab -> "Lab";
            default -> "colour space type " + cm.getColorSpace().getType();
        };
        String samples = switch (image.getSampleModel().getDataType()) {
            case DataBuffer.TYPE_BYTE -> "byte";
            case DataBuffer.TYPE_USHORT -> "ushort";
            case DataBuffer.TYPE_SHORT -> "signed short";
            case DataBuffer.TYPE_INT -> "int";
            case DataBuffer.TYPE_FLOAT -> "float";
            case DataBuffer.TYPE_DOUBLE -> "double";
            default -> "data type " + image.getSampleModel().getDataType();
        };
        return space + (cm.hasAlpha() ? "+alpha" : "") + ", " + cm.getNumComponents() + " components of "
                + Arrays.toString(cm.getComponentSize()) + " bits, " + samples + " samples";
    }
}
