package io.srgan.spark.train;

import java.io.Serializable;

/**
 * One training pair's files, as fully qualified Hadoop URIs.
 *
 * @param lr the LR file, or null to make LR from HR by MATLAB bicubic
 */
public record PairSource(String name, String hr, String lr) implements Serializable {}
