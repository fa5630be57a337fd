package io.srgan.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** What a parameterised layer keeps from a caching forward: its input, and whether its parameters want gradients. */
record SavedInput(INDArray x, boolean paramGradients) {
    static SavedInput of(INDArray x, Mode mode) { return new SavedInput(x, mode.paramGradients()); }
}
