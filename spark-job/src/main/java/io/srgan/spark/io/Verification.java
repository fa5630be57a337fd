package io.srgan.spark.io;

/** How much a reader checks before it trusts a checkpoint. */
public enum Verification {
    /** Manifest parses and every listed file exists with its recorded size: one listing and one small read. */
    SIZES,
    /** As {@link #SIZES}, and every file is read and its CRC32C compared: reads the whole checkpoint. */
    CHECKSUMS
}
