package io.srgan.spark.models;

/** The model store is locked by another run; the message names the holder and until when it holds. */
public final class LeaseHeldException extends Exception {
    private final transient LeaseRecord holder;

    public LeaseHeldException(String store, LeaseRecord holder) {
        super("model store " + store + " is locked by " + (holder == null ? "a writer that is still creating its lease"
                : holder.owner() + " since " + holder.acquiredAt() + ", lease valid until " + holder.expiresAt())
                + "; this run does nothing. If that run crashed, its lease expires at that time and the next run takes over.");
        this.holder = holder;
    }

    /** The lease that stopped this run; null when it could not be read (being written). */
    public LeaseRecord holder() {
        return holder;
    }
}
