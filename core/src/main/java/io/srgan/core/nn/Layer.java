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
 * never closes its argument, and returns the input gradient as a new array. A layer never keeps a
 * reference to the array its forward returns, so the owner of that array may overwrite it (see
 * {@link #forwardInPlace}).
 */
public interface Layer {
    INDArray forward(INDArray x, Mode mode);

    INDArray backward(INDArray gradOut);

    /**
     * As {@link #forward}, but the layer may write its result over {@code x} and return it. Only the
     * owner of {@code x} calls this, when nothing else reads {@code x} afterwards; it saves a
     * fresh native allocation and a map's worth of live memory.
     */
    default INDArray forwardInPlace(INDArray x, Mode mode) { return forward(x, mode); }

    /** As {@link #backward}, but may write the input gradient over {@code gradOut} (same rules). */
    default INDArray backwardInPlace(INDArray gradOut) { return backward(gradOut); }

    /**
     * As {@link #backward} for a caller that discards the input gradient (the input is data, not
     * an activation): parameter gradients accumulate the same, and a layer may skip dL/dx.
     */
    default void backwardParamsOnly(INDArray gradOut) { backward(gradOut).close(); }

    /** Parameters in a fixed order, names unique within the network. */
    default List<Param> params() { return List.of(); }

    /** Drops any cached forward state (after an aborted step). */
    default void clearCache() {}
}
