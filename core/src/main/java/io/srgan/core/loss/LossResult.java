package io.srgan.core.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A scalar loss and its gradient with respect to the prediction (same shape; caller owns it). */
public record LossResult(double value, INDArray grad) implements AutoCloseable {
    @Override public void close() { grad.close(); }
}
