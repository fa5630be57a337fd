package io.srgan.core.data;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
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

    /**
     * {@link #toBatch(float[], int, int, int, int)} into {@code reuse} when it has that shape, else into a
     * new array (outside any workspace). For loops: in ND4J M2.1 an array's memory returns only at a GC.
     */
    public static INDArray fill(INDArray reuse, float[] nhwc, int n, int h, int w, int c) {
        long[] shape = {n, h, w, c};
        if (reuse == null || !Arrays.equals(reuse.shape(), shape) || reuse.dataType() != DataType.FLOAT) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                return toBatch(nhwc, n, h, w, c);
            }
        }
        if (nhwc.length != reuse.length()) throw new IllegalArgumentException(nhwc.length + " values for a batch of shape " + Arrays.toString(shape));
        reuse.data().asNioFloat().put(0, nhwc);
        return reuse;
    }

    /** Entry {@code index} of an NHWC batch as an image (values copied, not clamped). */
    public static FloatImage fromBatch(INDArray batch, int index) {
        INDArray one = batch.get(org.nd4j.linalg.indexing.NDArrayIndex.point(index)).castTo(DataType.FLOAT).dup('c');
        return new FloatImage((int) batch.size(1), (int) batch.size(2), (int) batch.size(3), one.data().asFloat());
    }
}
