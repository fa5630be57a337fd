package io.srgan.spark.upscale;

import io.srgan.core.data.InvalidImageException;

/** The reason recorded for a failed input: what went wrong, in one line. */
final class Failures {
    private Failures() {}

    static String describe(Throwable e) {
        if (e instanceof InvalidImageException invalid) return invalid.reason();
        if (e instanceof VirtualMachineError) {
            return e + " while upscaling it (beyond its memory estimate; the task went on): use a smaller --tile or --batch, or give"
                    + " the executors more memory";
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) return e.getClass().getSimpleName();
        // I/O errors are self-explaining ("No such file", "Connection refused"); say what a programming error was
        return e instanceof java.io.IOException ? message : e.getClass().getSimpleName() + ": " + message;
    }
}
