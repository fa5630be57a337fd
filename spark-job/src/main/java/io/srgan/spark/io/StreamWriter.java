package io.srgan.spark.io;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Produces the content of one file by streaming it, so large state never has to sit in memory as a
 * byte array.
 */
@FunctionalInterface
public interface StreamWriter {
    /**
     * Writes the whole content to {@code out}. Closing {@code out} is allowed but not needed: the
     * caller decides when the file is complete and commits it.
     */
    void write(OutputStream out) throws IOException;
}
