package io.srgan.core.data;

import java.util.Objects;
import java.util.Optional;

/**
 * A decoded file. The colour is always given as RGB ({@link #rgb()}, HWC, values in [0, 1]; gray
 * files are replicated to R = G = B) because the models see RGB.
 *
 * <p>Alpha policy: alpha never enters a model. It is kept as a separate one-channel plane
 * ({@link #alpha()}, values in [0, 1], straight — not premultiplied) so an upscaler can resize it on
 * its own (e.g. with {@link MatlabBicubic}) and re-attach it when encoding in the input's
 * {@link #mode()}. The colour of fully transparent pixels is kept as stored.
 *
 * <p>Samples are scaled by the file's maximum level: 8-bit by /255, 16-bit by /65535 (never
 * truncated to 8 bits). {@link #bitDepth()} is 16 only when the file stores 16-bit samples;
 * palette, packed and lower-bit-depth files report 8.
 */
public final class DecodedImage {
    private final FloatImage rgb;
    private final FloatImage alpha;
    private final int bitDepth;
    private final ColourMode mode;
    private final String format;

    /**
     * @param alpha null when {@code mode} has no alpha, else a 1-channel plane of the same size
     * @param format lower-case format name: png, jpeg, bmp or tiff
     */
    public DecodedImage(FloatImage rgb, FloatImage alpha, int bitDepth, ColourMode mode, String format) {
        Objects.requireNonNull(rgb, "rgb");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(format, "format");
        if (rgb.channels() != 3) {
            throw new IllegalArgumentException("rgb must have 3 channels, got " + rgb.channels());
        }
        if (mode.hasAlpha() != (alpha != null)) {
            throw new IllegalArgumentException("mode " + mode + (alpha == null ? " needs" : " has no") + " alpha plane");
        }
        if (alpha != null && (alpha.channels() != 1 || alpha.height() != rgb.height() || alpha.width() != rgb.width())) {
            throw new IllegalArgumentException("alpha must be " + rgb.height() + "x" + rgb.width() + "x1, got "
                    + alpha.height() + "x" + alpha.width() + "x" + alpha.channels());
        }
        if (bitDepth != 8 && bitDepth != 16) {
            throw new IllegalArgumentException("bitDepth must be 8 or 16, got " + bitDepth);
        }
        this.rgb = rgb;
        this.alpha = alpha;
        this.bitDepth = bitDepth;
        this.mode = mode;
        this.format = format;
    }

    /** The colour as RGB, {@code height × width × 3}, values in [0, 1]. */
    public FloatImage rgb() { return rgb; }

    /** The alpha plane, {@code height × width × 1}, values in [0, 1]; empty for GRAY and RGB. */
    public Optional<FloatImage> alpha() { return Optional.ofNullable(alpha); }

    /** 8 or 16: the sample precision of the file. */
    public int bitDepth() { return bitDepth; }

    public ColourMode mode() { return mode; }

    /** png, jpeg, bmp or tiff. */
    public String format() { return format; }

    public int height() { return rgb.height(); }

    public int width() { return rgb.width(); }

    /**
     * The colour in the channels the file stores: a new 1-channel plane for the gray modes, else
     * {@link #rgb()} itself. Metrics need this because the evaluation protocol scores a gray image's
     * value directly as Y.
     */
    public FloatImage colour() {
        if (!mode.isGray()) {
            return rgb;
        }
        float[] src = rgb.data();
        float[] gray = new float[rgb.height() * rgb.width()];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = src[3 * i];
        }
        return new FloatImage(rgb.height(), rgb.width(), 1, gray);
    }
}
