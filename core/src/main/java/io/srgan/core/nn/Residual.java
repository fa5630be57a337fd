package io.srgan.core.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** y = x + body(x). */
public final class Residual implements Layer {
    private final Layer body;

    public Residual(Layer body) { this.body = body; }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        return body.forward(x, mode).addi(x);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        return body.backward(gradOut).addi(gradOut);
    }

    @Override public List<Param> params() { return body.params(); }
    @Override public void clearCache() { body.clearCache(); }
}
