package io.srgan.spark.exchange;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/** A slice's weighted mean, as a reducer sends it to the driver (float32, written in bulk). */
public final class MeanSlice implements Serializable {
    private static final long serialVersionUID = 1L;

    private long weight;
    private int parts;
    private transient float[] values;

    /**
     * @param weight the total weight that went into it
     * @param parts  how many partitions contributed
     */
    public MeanSlice(long weight, int parts, float[] values) {
        this.weight = weight;
        this.parts = parts;
        this.values = values;
    }

    public long weight() { return weight; }
    public int parts() { return parts; }
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
