package io.srgan.spark.io;

import org.apache.hadoop.fs.Path;

/**
 * A {@code ckpt-<step>} folder that is not a complete checkpoint, and why: a writer crashed (or is
 * still writing) before its manifest, or the manifest and the files disagree.
 */
public record RejectedCheckpoint(long step, Path path, String reason) {
}
