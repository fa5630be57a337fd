package io.srgan.spark.models;

import java.time.Duration;

/**
 * Waits between attempts that failed for a passing reason (a store that is briefly unreachable, a
 * lease held for a moment): {@code first}, then doubling, never more than {@code max}.
 */
record Backoff(Duration first, Duration max) {
    Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max, got " + first + " and " + max);
        }
    }

    /** The wait after failed attempt {@code attempt} (1 for the first failure). */
    Duration delay(int attempt) {
        Duration d = first;
        for (int i = 1; i < attempt && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) < 0 ? d : max;
    }

    /** Sleeps {@code wait}; an interrupt (the waiter is being shut down) becomes an {@link java.io.InterruptedIOException}. */
    static void sleep(Duration wait) throws java.io.InterruptedIOException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
