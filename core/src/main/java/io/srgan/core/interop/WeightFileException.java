package io.srgan.core.interop;

import java.io.IOException;

/** A weight file that is malformed, truncated, unsafe (a refused pickle global) or too large; the message names the file. */
public final class WeightFileException extends IOException {
    public WeightFileException(String message) { super(message); }

    public WeightFileException(String message, Throwable cause) { super(message, cause); }
}
