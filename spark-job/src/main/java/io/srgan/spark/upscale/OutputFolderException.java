package io.srgan.spark.upscale;

/** The output folder cannot take this job's outputs (another job holds it, or it holds another model's outputs); nothing was written. */
public final class OutputFolderException extends IllegalStateException {
    public OutputFolderException(String message) {
        super(message);
    }
}
