package io.srgan.spark.report;

/** A line of {@code metrics.jsonl} the report could not use, and why. */
public record SkippedLine(long line, String reason) {
    @Override
    public String toString() {
        return "line " + line + ": " + reason;
    }
}
