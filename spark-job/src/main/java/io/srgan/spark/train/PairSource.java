package io.srgan.spark.train;

import java.io.Serializable;
import org.apache.hadoop.fs.Path;

/**
 * One training pair's files, as fully qualified Hadoop paths (never strings to re-parse: a name may
 * hold a space, {@code %}, {@code #} or {@code ?}).
 *
 * @param lr the LR file, or null to make LR from HR by MATLAB bicubic
 */
public record PairSource(String name, Path hr, Path lr) implements Serializable {}
