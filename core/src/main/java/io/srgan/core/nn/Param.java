package io.srgan.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A named tensor of a network and its gradient accumulator. {@code trainable} parameters get
 * gradients and optimizer updates; the others (batch-norm running statistics) are state that
 * travels with the weights (checkpoints, averaging) but is never differentiated.
 */
public final class Param {
    private final String name;
    private final INDArray value;
    private final INDArray grad;

    private Param(String name, INDArray value, boolean trainable) {
        this.name = name;
        this.value = value;
        this.grad = trainable ? Nd4j.zeros(value.dataType(), value.shape()) : null;
    }

    public static Param trainable(String name, INDArray value) { return new Param(name, value, true); }

    public static Param buffer(String name, INDArray value) { return new Param(name, value, false); }

    public String name() { return name; }
    public INDArray value() { return value; }
    public boolean isTrainable() { return grad != null; }

    /** The accumulated gradient; only for trainable parameters. */
    public INDArray grad() {
        if (grad == null) throw new IllegalStateException(name + " is not trainable");
        return grad;
    }

    /** Adds {@code g} to the gradient and closes {@code g} (the layers hand over ownership). */
    void accumulate(INDArray g) {
        grad.addi(g);
        g.close();
    }
}
