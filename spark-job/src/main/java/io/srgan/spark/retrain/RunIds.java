package io.srgan.spark.retrain;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** Run ids: UTC start time then a random suffix, e.g. {@code 20250301T020000Z-3f9a1c}; they sort by start. */
final class RunIds {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private RunIds() {
    }

    static String next(Clock clock) {
        return TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 6);
    }
}
