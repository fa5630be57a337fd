package io.srgan.core.inference;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained super-resolution network as inference sees it: a function from an LR batch
 * {@code [N, h, w, 3]} (NHWC, float32, RGB in [0, 1]) to an SR batch {@code [N, h·s, w·s, 3]}.
 * Outputs are not clamped. The caller owns (and closes) the returned array.
 */
public interface SrModel {
    /** The upscaling factor s. */
    int scale();

    /**
     * How far (in LR pixels) an output pixel's value depends on the input: a tile that overlaps its
     * neighbours by at least this much on every side reproduces whole-image inference.
     */
    int receptiveFieldRadius();

    INDArray upscale(INDArray lrBatch);

    /**
     * The input grid the model reads in groups: a pixel-unshuffling model folds a×a input pixels into
     * one, so tiles must start on multiples of a to reproduce whole-image inference. 1 for most.
     */
    default int inputAlignment() { return 1; }
}
