package io.srgan.spark.train;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The driver's broadcasts of the training state, one per {@link TensorGroup}, each kept until a
 * round changes its group: an executor fetches a group once for as many rounds as it stays the
 * same (D during the whole PSNR phase; the moments between keep-local's checkpoint rounds), not
 * once per round. Counters change every round and travel in the {@link RoundPlan} instead.
 */
final class StateBroadcasts implements AutoCloseable {
    private final JavaSparkContext sc;
    private final Map<TensorGroup, Broadcast<StateArrays>> live = new EnumMap<>(TensorGroup.class);
    private long newBytes;

    StateBroadcasts(JavaSparkContext sc) {
        this.sc = sc;
    }

    /** A broadcast of each of {@code groups}, made from {@code state} where the group has none that is current. */
    Map<TensorGroup, Broadcast<StateArrays>> forRound(StateArrays state, Set<TensorGroup> groups) {
        newBytes = 0;
        Map<TensorGroup, Broadcast<StateArrays>> out = new EnumMap<>(TensorGroup.class);
        for (TensorGroup g : groups) {
            out.put(g, live.computeIfAbsent(g, k -> {
                StateArrays part = state.select(k::contains).withCounters(Map.of()); // shares the state's arrays
                newBytes += part.floats() * Float.BYTES;
                return sc.broadcast(part);
            }));
        }
        return out;
    }

    /** Payload bytes of the broadcasts the last {@link #forRound} made (each executor that runs a task fetches them once). */
    long newBytes() { return newBytes; }

    /** The groups a round changed: their broadcasts are dropped and the next round makes new ones. */
    void changed(Set<TensorGroup> groups) {
        for (TensorGroup g : groups) {
            Broadcast<StateArrays> b = live.remove(g);
            if (b != null) b.destroy();
        }
    }

    @Override
    public void close() {
        live.values().forEach(Broadcast::destroy);
        live.clear();
    }
}
