package io.srgan.spark.train;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keep-local policy's per-partition Adam moments, held in the executor JVM between rounds.
 * A state is used only by the partition that made it and only for the round that follows it
 * (matching step), so a retried or moved task never picks up another round's moments.
 *
 * <p>Bounded: an entry older than the newest step of its run can never be used again (every round
 * starts where the last one ended) and goes when a newer one is stored; a new run evicts the
 * entries of every other run (an executor serves one training job at a time).
 */
final class LocalOptimizerStates {
    private record Key(String runId, int partition) {}
    private record Entry(long step, StateArrays moments) {}

    private static final Map<Key, Entry> STATES = new ConcurrentHashMap<>();

    private LocalOptimizerStates() {}

    static synchronized void put(String runId, int partition, long step, StateArrays moments) {
        STATES.entrySet().removeIf(e -> !e.getKey().runId().equals(runId) || e.getValue().step() < step);
        STATES.put(new Key(runId, partition), new Entry(step, moments));
    }

    /** The moments partition {@code partition} ended step {@code step} with, or null. */
    static StateArrays get(String runId, int partition, long step) {
        Entry e = STATES.get(new Key(runId, partition));
        return e != null && e.step == step ? e.moments : null;
    }

    /** Entries held (tests). */
    static int size() {
        return STATES.size();
    }
}
