package io.srgan.spark.models;

import java.time.Instant;

/**
 * The content of one lease generation file, {@code lease/<generation>.json}.
 *
 * @param generation the lease's number; each acquisition creates the next one
 * @param token      random, unique to the acquisition: tells the holder its own file from another's
 * @param owner      who holds it
 * @param acquiredAt when it was taken (holder's clock)
 * @param expiresAt  until when it holds unless renewed (holder's clock): afterwards it is stale and
 *                   the next run takes over
 * @param released   true once the holder let it go: free at once, whatever the expiry says
 */
public record LeaseRecord(long generation, String token, LeaseOwner owner, String acquiredAt, String expiresAt,
                          boolean released) {

    public Instant expiry() {
        return Instant.parse(expiresAt);
    }

    /** Held by someone at {@code now}: not released and not expired. */
    public boolean heldAt(Instant now) {
        return !released && now.isBefore(expiry());
    }

    public LeaseRecord renewedUntil(Instant newExpiry) {
        return new LeaseRecord(generation, token, owner, acquiredAt, newExpiry.toString(), false);
    }

    public LeaseRecord releasedAt(Instant now) {
        return new LeaseRecord(generation, token, owner, acquiredAt, now.toString(), true);
    }
}
