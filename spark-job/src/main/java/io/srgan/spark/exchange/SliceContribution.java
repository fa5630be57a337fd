package io.srgan.spark.exchange;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * One partition's values of one slice, as sent through the shuffle: float32 on the wire, written
 * in bulk ({@link FloatArrays}).
 */
public final class SliceContribution implements Serializable {
    private static final long serialVersionUID = 1L;

    private long weight;
    private transient float[] values;

    /** @param weight the partition's weight in the average (its samples this round, > 0) */
    public SliceContribution(long weight, float[] values) {
        if (weight <= 0) throw new IllegalArgumentException("a contribution needs a positive weight, got " + weight);
        this.weight = weight;
        this.values = values;
    }

    public long weight() { return weight; }
    public float[] values() { return values; }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        FloatArrays.write(out, values);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        values = FloatArrays.read(in);
    }
}
