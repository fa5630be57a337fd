package io.srgan.core.data;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decodes PNG, JPEG, BMP and TIFF (the latter through the TwelveMonkeys plugin) into a
 * {@link DecodedImage}.
 *
 * <p>Safety: the size is read from the header and checked against {@link ImageLimits} before any
 * pixel memory is allocated. The decoder is strict: any reader warning (e.g. a premature end of
 * JPEG data, which the JDK would silently fill with gray) rejects the file. Only the first image of
 * a multi-image file is read. Embedded colour profiles are ignored: samples are taken as stored;
 * CMYK and YCCK become RGB by {@link RasterConverter}'s profile-free rule.
 * Every problem with the content is an {@link InvalidImageException} naming the input and the
 * reason; a failure of the underlying stream stays a plain {@link IOException}.
 *
 * <p>Thread-safe: each call uses its own reader. No temporary files are written.
 */
public final class ImageDecoder {
    private static final String SUPPORTED = "png, jpeg, bmp, tiff";

    private final ImageLimits limits;

    public ImageDecoder() {
        this(ImageLimits.DEFAULT);
    }

    public ImageDecoder(ImageLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public ImageLimits limits() { return limits; }

    /** Decodes a local file; errors are named by its path. */
    public DecodedImage decode(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return decode(in, file.toString());
        }
    }

    /** Decodes bytes held in memory; {@code name} identifies them in errors. */
    public DecodedImage decode(byte[] bytes, String name) throws InvalidImageException {
        try {
            return decode(new ByteArrayInputStream(bytes), name);
        } catch (InvalidImageException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array failed", e); // ByteArrayInputStream never throws
        }
    }

    /**
     * Decodes a stream (not closed here); {@code name} identifies it in errors. Throws
     * {@link InvalidImageException} for bad content, a plain {@link IOException} when the stream
     * itself fails.
     */
    public DecodedImage decode(InputStream in, String name) throws IOException {
        Objects.requireNonNull(name, "name");
        // the caller owns the stream: decoders must not close it
        FailureTrackingInputStream source = new FailureTrackingInputStream(in) {
            @Override
            public void close() {}
        };
        try {
            return decodeTracked(source, name);
        } catch (InvalidImageException e) {
            // a reader reports a failed source as bad data: give the caller the real I/O error
            if (source.failure() != null) {
                source.failure().addSuppressed(e);
                throw source.failure();
            }
            throw e;
        }
    }

    private DecodedImage decodeTracked(InputStream in, String name) throws IOException {
        try (ImageInputStream iis = new MemoryCacheImageInputStream(in)) {
            if (iis.read() < 0) {
                throw new InvalidImageException(name, "empty file");
            }
            iis.seek(0);
            ImageReader reader = supportedReader(iis, name);
            try {
                return read(reader, iis, name);
            } finally {
                reader.dispose();
            }
        }
    }

    private static ImageReader supportedReader(ImageInputStream iis, String name) throws InvalidImageException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
        String unsupported = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (formatOf(reader) != null) {
                return reader;
            }
            if (unsupported == null) {
                unsupported = reader.getOriginatingProvider().getFormatNames()[0].toLowerCase(Locale.ROOT);
            }
        }
        if (unsupported != null) {
            throw new InvalidImageException(name, unsupported + " images are not supported (supported: " + SUPPORTED + ")");
        }
        throw new InvalidImageException(name, "not an image: content matches none of " + SUPPORTED);
    }

    private DecodedImage read(ImageReader reader, ImageInputStream iis, String name) throws InvalidImageException {
        String format = formatOf(reader);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        reader.setInput(iis, true, false);
        int width;
        int height;
        try {
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw new InvalidImageException(name, "unreadable " + format + " header (" + describe(e) + ")", e);
        }
        String violation = limits.violation(width, height);
        if (violation != null) {
            throw new InvalidImageException(name, violation);
        }
        BufferedImage image;
        try {
            image = reader.read(0);
        } catch (IOException | RuntimeException e) {
            throw new InvalidImageException(name, "corrupt or truncated " + format + " data (" + describe(e) + ")", e);
        }
        if (!warnings.isEmpty()) {
            throw new InvalidImageException(name, "corrupt or truncated " + format + " data (" + String.join("; ", warnings) + ")");
        }
        return RasterConverter.convert(image, format, name);
    }

    /** The canonical name of a supported format (png, jpeg, bmp, tiff), or null. */
    public static String formatOf(ImageReader reader) {
        for (String n : reader.getOriginatingProvider().getFormatNames()) {
            switch (n.toLowerCase(Locale.ROOT)) {
                case "png": return "png";
                case "jpeg": case "jpg": return "jpeg";
                case "bmp": return "bmp";
                case "tiff": case "tif": return "tiff";
                default: break;
            }
        }
        return null;
    }

    /** An exception and its causes in one line, for error messages that name a file. */
    public static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            sb.append(": ").append(e.getMessage());
        }
        if (e.getCause() != null && e.getCause() != e) {
            sb.append(", caused by ").append(describe(e.getCause()));
        }
        return sb.toString();
    }
}
