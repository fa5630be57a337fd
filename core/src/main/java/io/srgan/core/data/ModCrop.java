package io.srgan.core.data;

/** The "modcrop" of the SR protocol: keep the top-left part whose sides are multiples of the scale. */
public final class ModCrop {
    private ModCrop() {}

    /**
     * The top-left {@code (h - h % scale) × (w - w % scale)} region; the image itself (not a copy)
     * when it already fits.
     */
    public static FloatImage toMultiple(FloatImage image, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        }
        int h = image.height() - image.height() % scale;
        int w = image.width() - image.width() % scale;
        if (h == 0 || w == 0) {
            throw new IllegalArgumentException("image " + image.height() + "x" + image.width() + " is smaller than the scale " + scale);
        }
        return h == image.height() && w == image.width() ? image : image.crop(0, 0, h, w);
    }
}
