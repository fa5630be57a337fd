package io.srgan.spark.exchange;

import org.apache.spark.Partitioner;

/** Slice s goes to reducer s mod R: consecutive slices, hence the bytes, spread evenly. */
final class SlicePartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;

    private final int reducers;

    SlicePartitioner(int reducers) {
        if (reducers < 1) throw new IllegalArgumentException("reducers must be >= 1, got " + reducers);
        this.reducers = reducers;
    }

    @Override
    public int numPartitions() { return reducers; }

    @Override
    public int getPartition(Object key) {
        return Math.floorMod((Integer) key, reducers);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlicePartitioner p && p.reducers == reducers;
    }

    @Override
    public int hashCode() { return reducers; }
}
