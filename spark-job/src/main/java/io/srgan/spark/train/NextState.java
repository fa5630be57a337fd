package io.srgan.spark.train;

import io.srgan.core.util.Finite;
import io.srgan.spark.exchange.MeanSlice;
import io.srgan.spark.exchange.ShardedAverage;
import io.srgan.spark.exchange.SliceLayout;
import java.util.List;
import java.util.Map;

/**
 * The averaged tensors of a round, assembled on the driver as the reducers' mean slices arrive:
 * each slice is pasted into its tensors and dropped, so the driver holds one float32 copy of the
 * exchanged tensors (and one slice in flight), whatever the number of partitions.
 */
final class NextState implements ShardedAverage.SliceSink {
    private final SliceLayout layout;
    private final long[][] shapes;
    private final float[][] tensors;
    private final long[] weights;
    private final int[] parts;
    private int received;
    private String nonFinite;

    /** Room for {@code layout}'s tensors, shaped as in {@code current}. */
    NextState(SliceLayout layout, StateArrays current) {
        this.layout = layout;
        List<String> names = layout.names();
        shapes = new long[names.size()][];
        tensors = new float[names.size()][];
        for (int i = 0; i < tensors.length; i++) {
            int j = current.indexOf(names.get(i));
            shapes[i] = current.shape(j);
            tensors[i] = new float[current.values(j).length];
        }
        weights = new long[layout.slices()];
        parts = new int[layout.slices()];
    }

    @Override
    public void accept(int slice, MeanSlice mean) {
        if (weights[slice] != 0) throw new IllegalStateException("slice " + slice + " of the round's average arrived twice");
        layout.paste(slice, mean.values(), tensors);
        weights[slice] = mean.weight();
        parts[slice] = mean.parts();
        received++;
        int bad = Finite.firstNonFinite(mean.values());
        if (bad >= 0 && nonFinite == null) {
            nonFinite = "averaged " + layout.tensorAt((long) slice * layout.sliceFloats() + bad) + " = " + mean.values()[bad];
        }
    }

    /** Null, or the first averaged value that is not finite. */
    String nonFinite() { return nonFinite; }

    /**
     * The averaged tensors with {@code counters}, after checking that every slice arrived with the
     * contributions of exactly the partitions that reported training ({@code partitions}, {@code weight}).
     */
    StateArrays state(Map<String, Long> counters, int partitions, long weight) {
        for (int s = 0; s < weights.length; s++) {
            if (weights[s] != weight || parts[s] != partitions) {
                throw new IllegalStateException("slice " + s + " of the round's average holds " + parts[s] + " partitions' values (weight "
                        + weights[s] + "), expected " + partitions + " (weight " + weight + ")");
            }
        }
        return new StateArrays(layout.names().toArray(String[]::new), shapes, tensors, counters);
    }

    int received() { return received; }
}
