package io.srgan.core.data;

import java.io.IOException;

/**
 * A file that cannot be used as an image: not an image, truncated or corrupt, an unsupported
 * format or colour mode, or dimensions beyond the {@link ImageLimits}. Checked and an
 * {@link IOException} because it is a property of external input that callers must handle (skip
 * the file, report it), and it arrives where I/O errors already do.
 */
public final class InvalidImageException extends IOException {
    private final String fileName;
    private final String reason;

    public InvalidImageException(String fileName, String reason) {
        this(fileName, reason, null);
    }

    public InvalidImageException(String fileName, String reason, Throwable cause) {
        super(fileName + ": " + reason, cause);
        this.fileName = fileName;
        this.reason = reason;
    }

    /** The name the caller gave for the input (usually its path or URI). */
    public String fileName() { return fileName; }

    /** Why the input was rejected, without the file name. */
    public String reason() { return reason; }
}
