package io.srgan.core.data;

/**
 * Largest image the decoder accepts, checked against the header before any pixel memory is
 * allocated, so that a forged or absurd header cannot exhaust the heap.
 *
 * @param maxPixels largest width × height; at most {@value #MAX_PIXELS_CEILING}, because an RGB
 *                  {@link FloatImage} of that many pixels must fit one Java array
 * @param maxSide   largest width or height
 */
public record ImageLimits(long maxPixels, int maxSide) {
    /** 3 floats per pixel in one array: the ceiling any limit can have. */
    public static final long MAX_PIXELS_CEILING = (Integer.MAX_VALUE - 8) / 3;

    /** 100 megapixels, 65535 per side (the largest side JPEG can encode). */
    public static final ImageLimits DEFAULT = new ImageLimits(100_000_000L, 65_535);

    public ImageLimits {
        if (maxPixels <= 0 || maxPixels > MAX_PIXELS_CEILING) {
            throw new IllegalArgumentException("maxPixels must be in 1.." + MAX_PIXELS_CEILING + ", got " + maxPixels);
        }
        if (maxSide <= 0) {
            throw new IllegalArgumentException("maxSide must be positive, got " + maxSide);
        }
    }

    /** The reason a {@code width × height} image is refused, or null when it is within the limits. */
    public String violation(long width, long height) {
        if (width <= 0 || height <= 0) {
            return "header claims a non-positive size " + width + "x" + height;
        }
        if (width > maxSide || height > maxSide) {
            return "size " + width + "x" + height + " exceeds the limit of " + maxSide + " pixels per side (ImageLimits.maxSide)";
        }
        if (width * height > maxPixels) {
            return "size " + width + "x" + height + " = " + width * height + " pixels exceeds the limit of "
                    + maxPixels + " (ImageLimits.maxPixels)";
        }
        return null;
    }
}
