package io.srgan.spark.upscale;

import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.ImageLimits;
import io.srgan.core.data.InvalidImageException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An image file's format, size and decoding layout ({@link DecodeLayout}), read from its header by an ImageIO reader that stays open on the
 * stream for region reads. Formats and messages are those of {@link io.srgan.core.data.ImageDecoder}:
 * png, jpeg, bmp and tiff; anything else is an {@link InvalidImageException} saying why.
 */
record ImageHeader(ImageReader reader, String format, int width, int height, DecodeLayout layout) {
    private static final String SUPPORTED = "png, jpeg, bmp, tiff";

    /**
     * Reads the header and checks the size against {@code limits} before anything else of the file is
     * read; the reader is left on {@code stream} (seekable back to the start). Dispose it when done.
     */
    static ImageHeader read(ImageInputStream stream, String name, ImageLimits limits) throws IOException {
        if (stream.read() < 0) throw new InvalidImageException(name, "empty file");
        stream.seek(0);
        ImageReader reader = supportedReader(stream, name);
        String format = ImageDecoder.formatOf(reader);
        try {
            reader.setInput(stream, false, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            String violation = limits.violation(width, height);
            if (violation != null) {
                reader.dispose();
                throw new InvalidImageException(name, violation);
            }
            return new ImageHeader(reader, format, width, height, DecodeLayout.of(reader, format));
        } catch (InvalidImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            reader.dispose();
            throw new InvalidImageException(name, "unreadable " + format + " header (" + ImageDecoder.describe(e) + ")", e);
        }
    }

    long pixels() {
        return (long) width * height;
    }

    private static ImageReader supportedReader(ImageInputStream stream, String name) throws InvalidImageException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
        String unsupported = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (ImageDecoder.formatOf(reader) != null) return reader;
            if (unsupported == null) unsupported = reader.getOriginatingProvider().getFormatNames()[0].toLowerCase(Locale.ROOT);
        }
        if (unsupported != null) {
            throw new InvalidImageException(name, unsupported + " images are not supported (supported: " + SUPPORTED + ")");
        }
        throw new InvalidImageException(name, "not an image: content matches none of " + SUPPORTED);
    }
}
