package io.srgan.spark.upscale;

import java.io.Serializable;

/**
 * An input after its header was read: format and size, or why it cannot be upscaled.
 *
 * @param failure null when the header is usable
 */
record ProbedImage(PlannedImage image, String format, int width, int height, String failure) implements Serializable {
    static ProbedImage ok(PlannedImage image, String format, int width, int height) {
        return new ProbedImage(image, format, width, height, null);
    }

    static ProbedImage failed(PlannedImage image, String failure) {
        return new ProbedImage(image, null, 0, 0, failure);
    }

    boolean ok() {
        return failure == null;
    }

    /** Input pixels: the measure of work, which grows with them (tiles per image). */
    long pixels() {
        return (long) width * height;
    }
}
