package io.srgan.core.interop;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dense float32 tensor in row-major order, as read from a weight file: plain Java, so the
 * readers and the layout mappings run without native memory and only the final tensors go to ND4J.
 */
public record FloatTensor(long[] shape, float[] data) {
    public FloatTensor {
        shape = shape.clone();
        if (numel(shape) != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + numel(shape) + " values, got " + data.length);
        }
    }

    @Override public long[] shape() { return shape.clone(); }

    public int rank() { return shape.length; }

    public long dim(int i) { return shape[i]; }

    public String shapeString() { return Arrays.toString(shape); }

    /** A float32 'c'-order INDArray with these values (a scalar tensor becomes shape []). */
    public INDArray toINDArray() {
        return Nd4j.create(data.clone(), shape, DataType.FLOAT);
    }

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
