package io.srgan.core.metric;

import java.util.Objects;

/**
 * One luma plane in double precision, row-major {@code height × width}, values on the 0–255 scale
 * (Y of BT.601 lies in 16..235 for in-gamut colours).
 */
public record YPlane(int height, int width, double[] values) {
    public YPlane {
        Objects.requireNonNull(values, "values");
        if (height <= 0 || width <= 0 || (long) height * width != values.length) {
            throw new IllegalArgumentException("plane " + height + "x" + width + " does not fit " + values.length + " values");
        }
    }

    public double get(int y, int x) { return values[y * width + x]; }

    /** A copy without {@code border} pixels on each side. */
    public YPlane shave(int border) {
        int h = height - 2 * border;
        int w = width - 2 * border;
        if (border < 0 || h <= 0 || w <= 0) {
            throw new IllegalArgumentException("cannot shave " + border + " pixels from a " + height + "x" + width + " plane");
        }
        double[] out = new double[h * w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(values, (y + border) * width + border, out, y * w, w);
        }
        return new YPlane(h, w, out);
    }
}
