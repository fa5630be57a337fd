package io.srgan.spark.models;

import java.time.Duration;

/**
 * How a store lease is held.
 *
 * @param ttl    how long a lease holds without renewal; the holder renews it every third of that, so
 *               a crashed holder blocks the store for at most {@code ttl}. Keep it well above the
 *               clock skew between machines: expiry is compared across clocks.
 * @param settle object stores only: how long a writer waits before reading its lease back (see
 *               {@link VerifiedPutCreate}); larger is safer, and costs that much at every start
 */
public record LeaseSettings(Duration ttl, Duration settle) {
    public LeaseSettings {
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("lease ttl must be at least 1s, got " + ttl);
        }
        if (settle.isNegative() || settle.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("lease settle must be >= 0 and shorter than the ttl (" + ttl + "), got " + settle);
        }
    }

    public Duration renewEvery() {
        return ttl.dividedBy(3);
    }
}
