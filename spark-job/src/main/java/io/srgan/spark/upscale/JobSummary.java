package io.srgan.spark.upscale;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.PrintWriter;
import java.util.List;

/**
 * The counts and throughput of a job, as printed and as {@code _SUMMARY.json}.
 *
 * @param inputs          images listed
 * @param succeeded       upscaled by this run
 * @param skipped         outputs already complete (an earlier run's), not redone
 * @param failed          bad inputs or failed writes, listed in {@code _errors.jsonl}
 * @param seconds         wall time of the whole job (listing, probing, upscaling, reports)
 * @param outputPixels    pixels written by this run
 * @param taskSeconds     time the tasks spent on the images they upscaled, summed
 * @param cores           task slots of the application (Spark's default parallelism)
 */
public record JobSummary(String model, int scale, String input, String output, int inputs, int succeeded, int skipped,
                         int failed, double seconds, long outputPixels, double taskSeconds, int cores) {

    static JobSummary of(String model, int scale, String input, String output, int inputs, List<FileOutcome> outcomes,
                         double seconds, int cores) {
        int done = 0;
        int skipped = 0;
        int failed = 0;
        long pixels = 0;
        double taskSeconds = 0;
        for (FileOutcome o : outcomes) {
            switch (o.status()) {
                case DONE -> {
                    done++;
                    pixels += o.outputPixels();
                    taskSeconds += o.seconds();
                }
                case SKIPPED -> skipped++;
                case FAILED -> failed++;
            }
        }
        return new JobSummary(model, scale, input, output, inputs, done, skipped, failed, seconds, pixels, taskSeconds, cores);
    }

    @JsonProperty("images_per_second")
    public double imagesPerSecond() {
        return seconds > 0 ? succeeded / seconds : 0;
    }

    @JsonProperty("output_mp_per_second")
    public double outputMegapixelsPerSecond() {
        return seconds > 0 ? outputPixels / 1e6 / seconds : 0;
    }

    @JsonProperty("output_mp_per_second_per_core")
    public double outputMegapixelsPerSecondPerCore() {
        return cores > 0 ? outputMegapixelsPerSecond() / cores : 0;
    }

    /** Output MP per second of task time: the rate of one busy core, free of start-up and stragglers. */
    @JsonProperty("output_mp_per_task_second")
    public double outputMegapixelsPerTaskSecond() {
        return taskSeconds > 0 ? outputPixels / 1e6 / taskSeconds : 0;
    }

    /** 0 when every input is upscaled or was already, 1 when any failed. */
    public int exitCode() {
        return failed == 0 ? 0 : 1;
    }

    public void print(PrintWriter out) {
        out.printf("upscaled ×%d with %s: %s → %s%n", scale, model, input, output);
        out.printf("  %d inputs: %d succeeded, %d skipped (already complete), %d failed%s%n", inputs, succeeded, skipped, failed,
                failed > 0 ? " (see " + UpscaleJob.ERRORS + ")" : "");
        out.printf("  %.1f s: %.2f images/s, %.2f output MP/s (%.2f per core, %d cores; %.2f per busy task-second)%n", seconds,
                imagesPerSecond(), outputMegapixelsPerSecond(), outputMegapixelsPerSecondPerCore(), cores,
                outputMegapixelsPerTaskSecond());
    }
}
