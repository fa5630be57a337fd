package io.srgan.spark.io;

import org.apache.hadoop.fs.Path;

/**
 * A {@code ckpt-<round>} folder that is not a complete checkpoint, and why: a writer crashed (or is
 * still writing) before its manifest, or the manifest and the files disagree.
 */
public record RejectedCheckpoint(long round, Path path, String reason) {
}
