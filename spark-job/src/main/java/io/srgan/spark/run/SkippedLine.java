package io.srgan.spark.run;


/**
 * A line of the metrics log the report could not use, and why.
 *
 * @param file the part it is in ({@code metrics.jsonl}, {@code metrics.000001.jsonl}, ...)
 * @param line its number in that part, from 1
 */
public record SkippedLine(String file, long line, String reason) {
    @Override
    public String toString() {
        return (MetricsFiles.FIRST.equals(file) ? "" : file + " ") + "line " + line + ": " + reason;
    }
}
