package io.srgan.core.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded parameter initialisation. One instance per network build: the same seed and the same
 * sequence of layers give the same weights.
 */
public final class Init {
    private final DataType dataType;
    private final Random rng;

    public Init(long seed, DataType dataType) {
        this.dataType = dataType;
        this.rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    public DataType dataType() { return dataType; }

    /** He/Kaiming normal N(0, 2/fanIn), times {@code scale} (MSRResNet scales residual convs by 0.1). */
    public INDArray kaimingNormal(long[] shape, long fanIn, double scale) {
        INDArray w = Nd4j.randn(shape, rng).castTo(dataType);
        return w.muli(Math.sqrt(2.0 / fanIn) * scale);
    }

    public INDArray zeros(long... shape) { return Nd4j.zeros(dataType, shape); }

    public INDArray constant(double value, long... shape) { return Nd4j.valueArrayOf(shape, value, dataType); }
}
