package io.srgan.spark.upscale;

import java.io.Serializable;

/**
 * What happened to one input.
 *
 * @param input        the input's URI
 * @param output       the output's path relative to the output folder
 * @param reason       why it failed or was skipped; null when done
 * @param outputPixels pixels written (0 unless done)
 * @param seconds      time spent on it in its task
 */
public record FileOutcome(String input, String output, Status status, String reason, long outputPixels, double seconds)
        implements Serializable {
    public enum Status { DONE, SKIPPED, FAILED }

    static FileOutcome done(PlannedImage image, long outputPixels, double seconds) {
        return new FileOutcome(image.input().uri(), image.output(), Status.DONE, null, outputPixels, seconds);
    }

    static FileOutcome skipped(PlannedImage image, String reason) {
        return new FileOutcome(image.input().uri(), image.output(), Status.SKIPPED, reason, 0, 0);
    }

    static FileOutcome failed(PlannedImage image, String reason, double seconds) {
        return new FileOutcome(image.input().uri(), image.output(), Status.FAILED, reason, 0, seconds);
    }
}
