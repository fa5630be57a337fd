package io.srgan.core.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * y = x + s·body(x). ESRGAN's dense blocks and RRDBs scale their residual by s = 0.2, which keeps a
 * 69-block-deep trunk stable without batch norm; the other generators use s = 1.
 */
public final class Residual implements Layer {
    private final Layer body;
    private final double scale;

    public Residual(Layer body) { this(body, 1.0); }

    public Residual(Layer body, double scale) {
        this.body = body;
        this.scale = scale;
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        INDArray y = body.forward(x, mode);
        return (scale == 1.0 ? y : y.muli(scale)).addi(x);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (scale == 1.0) return body.backward(gradOut).addi(gradOut);
        try (INDArray scaled = gradOut.mul(scale)) {
            return body.backward(scaled).addi(gradOut);
        }
    }

    Layer body() { return body; }

    @Override public List<Param> params() { return body.params(); }
    @Override public void clearCache() { body.clearCache(); }
}
