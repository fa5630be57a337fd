package io.srgan.core.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded parameter initialisation. One instance per network build: the same seed and the same
 * sequence of layers give the same weights.
 */
public final class Init {
    private final DataType dataType;
    private final java.util.Random rng;

    /**
     * Weights are drawn in Java from {@code seed}: ND4J's own generators in M2.1 did not give the
     * same numbers twice for the same seed (seen: two trainers with one seed started apart).
     */
    public Init(long seed, DataType dataType) {
        this.dataType = dataType;
        this.rng = new java.util.Random(seed);
    }

    public DataType dataType() { return dataType; }

    /** He/Kaiming normal N(0, 2/fanIn), times {@code scale} (MSRResNet scales residual convs by 0.1). */
    public INDArray kaimingNormal(long[] shape, long fanIn, double scale) {
        double std = Math.sqrt(2.0 / fanIn) * scale;
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        double[] values = new double[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) values[i] = rng.nextGaussian() * std;
        return Nd4j.create(values, shape, DataType.DOUBLE).castTo(dataType);
    }

    public INDArray zeros(long... shape) { return Nd4j.zeros(dataType, shape); }

    public INDArray constant(double value, long... shape) { return Nd4j.valueArrayOf(shape, value, dataType); }
}
