package io.srgan.core.interop;

import java.io.IOException;

/**
 * A state dict that is readable but matches no generator this project builds, or matches one
 * inconsistently; the message says what was found and what was expected.
 */
public final class UnrecognisedModelException extends IOException {
    public UnrecognisedModelException(String message) { super(message); }
}
