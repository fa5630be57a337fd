package io.srgan.core.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A differentiable block on NHWC tensors with an explicit backward pass.
 *
 * <p>Ownership: {@code forward} never closes its input and returns a new array the caller owns;
 * in {@link Mode#TRAIN} it keeps a reference to what backward needs, so the caller keeps the input
 * alive until the matching {@code backward}. Forward passes in TRAIN mode stack: several forwards
 * may be followed by backwards in reverse order (last in, first out), which the discriminator uses
 * for real and fake batches. {@code backward} adds parameter gradients into {@link Param#grad()},
 * never closes its argument, and returns the input gradient as a new array.
 */
public interface Layer {
    INDArray forward(INDArray x, Mode mode);

    INDArray backward(INDArray gradOut);

    /** Parameters in a fixed order, names unique within the network. */
    default List<Param> params() { return List.of(); }

    /** Drops any cached forward state (after an aborted step). */
    default void clearCache() {}
}
