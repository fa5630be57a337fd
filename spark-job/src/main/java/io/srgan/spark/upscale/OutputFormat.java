package io.srgan.spark.upscale;

import java.util.Locale;

/**
 * The {@code --format} of outputs. PNG keeps every input mode (gray, alpha, 16-bit); JPEG is 8-bit
 * gray or RGB only. {@code same} writes JPEG for JPEG inputs (by extension) and PNG for every other
 * input (PNG, BMP, TIFF), so nothing but JPEG is ever re-encoded lossily.
 */
public enum OutputFormat {
    PNG, JPEG, SAME;

    /** The encodings an output is written in. */
    public enum Encoding { PNG, JPEG }

    public static OutputFormat parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format must be png, jpeg or same, got '" + value + "'", e);
        }
    }

    public Encoding encodingFor(String relativeInput) {
        return switch (this) {
            case PNG -> Encoding.PNG;
            case JPEG -> Encoding.JPEG;
            case SAME -> Extensions.isJpeg(relativeInput) ? Encoding.JPEG : Encoding.PNG;
        };
    }

    /**
     * The output's relative path: the input's, with the extension of the encoding ({@code .png}; for
     * JPEG the input's own {@code .jpg}/{@code .jpeg} spelling when it has one, else {@code .jpg}).
     */
    public String outputPath(String relativeInput) {
        if (encodingFor(relativeInput) == Encoding.PNG) return Extensions.replace(relativeInput, ".png");
        if (Extensions.isJpeg(relativeInput)) return relativeInput;
        return Extensions.replace(relativeInput, ".jpg");
    }
}
