package io.srgan.spark.report;

/**
 * The validation score at one step, from a validation line of the metrics or, for runs whose
 * metrics have none (the single-machine job), from a checkpoint's manifest.
 *
 * @param ssimY NaN when not recorded
 */
public record ValidationPoint(long step, double psnrY, double ssimY) {
}
