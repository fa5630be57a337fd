package io.srgan.spark.models;

/** A lease is held by another process; the message names the holder, since when and until when it holds. */
public final class LeaseHeldException extends Exception {
    private final transient LeaseRecord holder;

    /** @param locked what the lease guards, e.g. {@code model store s3a://bucket/store/} */
    public LeaseHeldException(String locked, LeaseRecord holder) {
        super(locked + " is locked by " + (holder == null ? "a writer that is still creating its lease"
                : holder.owner() + " since " + holder.acquiredAt() + ", lease valid until " + holder.expiresAt())
                + "; this run does nothing. If that process is gone, its lease expires at that time and the next run takes"
                + " over, or 'srgan models unlock' ends it now.");
        this.holder = holder;
    }

    /** The lease that stopped this run; null when it could not be read (being written). */
    public LeaseRecord holder() {
        return holder;
    }
}
