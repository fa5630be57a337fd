package io.srgan.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Bilinear ×2 upsampling with half-pixel centres (PyTorch's {@code interpolate(scale_factor=2,
 * mode='bilinear', align_corners=False)}), one axis at a time: output row 2i is ¾·x[i] + ¼·x[i−1]
 * and row 2i+1 is ¾·x[i] + ¼·x[i+1], the neighbour clamped at the border. The backward pass is the
 * transpose of the same weights.
 */
public final class BilinearUpsample implements Layer {
    private static final double NEAR = 0.75;
    private static final double FAR = 0.25;

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        try (INDArray rows = upAxis(x, 1)) {
            return upAxis(rows, 2);
        }
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        try (INDArray cols = downAxis(gradOut, 2)) {
            return downAxis(cols, 1);
        }
    }

    /** Doubles axis {@code a} (1 = height, 2 = width) of an NHWC tensor. */
    private static INDArray upAxis(INDArray x, int a) {
        long n = x.size(a);
        try (INDArray before = shifted(x, a, -1); INDArray after = shifted(x, a, 1);
             INDArray even = x.mul(NEAR).addi(before.muli(FAR)); INDArray odd = x.mul(NEAR).addi(after.muli(FAR));
             INDArray both = Nd4j.stack(a + 1, even, odd)) {
            long[] shape = x.shape().clone();
            shape[a] = 2 * n;
            return both.reshape(shape).dup('c');
        }
    }

    /** The transpose of {@link #upAxis}: [.., 2n, ..] → [.., n, ..]. */
    private static INDArray downAxis(INDArray g, int a) {
        long n = g.size(a) / 2;
        long[] split = new long[5];
        for (int i = 0, j = 0; i < 4; i++) {
            if (i == a) {
                split[j++] = n;
                split[j++] = 2;
            } else {
                split[j++] = g.size(i);
            }
        }
        INDArray pairs = g.reshape(split);
        INDArray even = pairs.get(pick(a + 1, 0)).dup('c');
        INDArray odd = pairs.get(pick(a + 1, 1)).dup('c');
        INDArray dx = even.add(odd).muli(NEAR);
        even.muli(FAR);
        odd.muli(FAR);
        // even row i read x[i−1] (x[0] at the top), odd row i read x[i+1] (x[n−1] at the bottom)
        if (n > 1) {
            dx.get(range(a, 0, n - 1)).addi(even.get(range(a, 1, n)));
            dx.get(range(a, 1, n)).addi(odd.get(range(a, 0, n - 1)));
        }
        dx.get(range(a, 0, 1)).addi(even.get(range(a, 0, 1)));
        dx.get(range(a, n - 1, n)).addi(odd.get(range(a, n - 1, n)));
        even.close();
        odd.close();
        return dx;
    }

    /** x moved by one along axis a (d = −1: each row takes the one before), the border row repeated. */
    private static INDArray shifted(INDArray x, int a, int d) {
        long n = x.size(a);
        if (n == 1) return x.dup('c');
        INDArray body = d < 0 ? x.get(range(a, 0, n - 1)) : x.get(range(a, 1, n));
        INDArray edge = d < 0 ? x.get(range(a, 0, 1)) : x.get(range(a, n - 1, n));
        return d < 0 ? Nd4j.concat(a, edge, body) : Nd4j.concat(a, body, edge);
    }

    private static INDArrayIndex[] range(int axis, long from, long to) {
        INDArrayIndex[] idx = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()};
        idx[axis] = NDArrayIndex.interval(from, to);
        return idx;
    }

    private static INDArrayIndex[] pick(int axis, long at) {
        INDArrayIndex[] idx = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()};
        idx[axis] = NDArrayIndex.point(at);
        return idx;
    }
}
