package io.srgan.core.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between {@link FloatImage}s and NHWC float32 batches. */
public final class ImageBatches {
    private ImageBatches() {}

    /** A batch of one: [1, h, w, c]. */
    public static INDArray toBatch(FloatImage image) {
        return Nd4j.create(image.data(), new long[] {1, image.height(), image.width(), image.channels()}, DataType.FLOAT);
    }

    /** A batch [n, h, w, c] from NHWC data (e.g. a {@link PatchBatch}'s arrays). */
    public static INDArray toBatch(float[] nhwc, int n, int h, int w, int c) {
        return Nd4j.create(nhwc, new long[] {n, h, w, c}, DataType.FLOAT);
    }

    /** Entry {@code index} of an NHWC batch as an image (values copied, not clamped). */
    public static FloatImage fromBatch(INDArray batch, int index) {
        INDArray one = batch.get(org.nd4j.linalg.indexing.NDArrayIndex.point(index)).castTo(DataType.FLOAT).dup('c');
        return new FloatImage((int) batch.size(1), (int) batch.size(2), (int) batch.size(3), one.data().asFloat());
    }
}
