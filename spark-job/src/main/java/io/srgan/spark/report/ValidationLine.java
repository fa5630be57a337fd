package io.srgan.spark.report;

/**
 * One validation result of {@code metrics.jsonl} ({@code "kind":"validation"}).
 *
 * @param ssimY     NaN when the line had none
 * @param images    how many images were scored, 0 when unknown
 * @param generator {@code ema} or {@code raw}, null when unknown
 */
public record ValidationLine(long line, long step, long round, double psnrY, double ssimY, int images, String generator) {
}
