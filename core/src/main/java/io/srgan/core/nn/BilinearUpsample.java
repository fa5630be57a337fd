package io.srgan.core.nn;

import io.srgan.core.util.UnfilledArrays;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Bilinear ×2 upsampling with half-pixel centres (PyTorch's {@code interpolate(scale_factor=2,
 * mode='bilinear', align_corners=False)}), one axis at a time: output row 2i is ¾·x[i] + ¼·x[i−1]
 * and row 2i+1 is ¾·x[i] + ¼·x[i+1], the neighbour clamped at the border. The backward pass is the
 * transpose of the same weights: dx[i] = ¾·(g[2i] + g[2i+1]) + ¼·(g[2i−1] + g[2i+2]), the indices
 * clamped to [0, 2n).
 *
 * <p>FLOAT maps (training, the U-Net discriminator's three upsamplings; NHWC or blocked) go through a Java kernel,
 * row by row in parallel through float[] copies C2 vectorises: one pass over the input and one over
 * the output. The same composed of ND4J ops (shifted views, stack, strided gets), kept for DOUBLE
 * (the gradient checks), took ~240 ms for one backward pass over a 16×96²×128 gradient — a quarter of
 * the U-Net discriminator's step.
 */
public final class BilinearUpsample implements Layer {
    private static final double NEAR = 0.75;
    private static final double FAR = 0.25;

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        if (takesKernel(x, 4)) return upFloat(x);
        if (BlockedLayout.isBlocked(x)) {
            try (INDArray nhwc = BlockedLayout.toNhwc(x); INDArray y = forward(nhwc, mode)) {
                return BlockedLayout.toBlocked(y);
            }
        }
        try (INDArray rows = upAxis(x, 1)) {
            return upAxis(rows, 2);
        }
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (takesKernel(gradOut, 1)) return downFloat(gradOut);
        if (BlockedLayout.isBlocked(gradOut)) {
            try (INDArray nhwc = BlockedLayout.toNhwc(gradOut); INDArray dx = backward(nhwc)) {
                return BlockedLayout.toBlocked(dx);
            }
        }
        try (INDArray cols = downAxis(gradOut, 2)) {
            return downAxis(cols, 1);
        }
    }

    /** FLOAT, and {@code times} times {@code x}'s size (the larger side of the pass) fits one NIO buffer. */
    private static boolean takesKernel(INDArray x, int times) {
        return x.dataType() == DataType.FLOAT && x.length() * times <= Integer.MAX_VALUE / Float.BYTES;
    }

    /**
     * [N,H,W,C] → [N,2H,2W,C]: each task makes output rows 2i and 2i+1 from input rows i−1, i, i+1. A
     * {@link BlockedLayout} map [N,C/16,H,W,16] is N·C/16 such maps of 16 channels.
     */
    private static INDArray upFloat(INDArray x) {
        INDArray src = KernelSupport.contiguous(x);
        long[] m = images(x);
        int n = (int) m[0], h = (int) m[1], w = (int) m[2], c = (int) m[3], row = w * c;
        long[] shape = x.shape().clone();
        shape[shape.length - 3] *= 2;
        shape[shape.length - 2] *= 2;
        INDArray out = UnfilledArrays.create(DataType.FLOAT, shape);
        FloatBuffer in = KernelSupport.floats(src), o = KernelSupport.floats(out);
        KernelSupport.chunks(Math.multiplyExact(n * h, row), row, (lo, hi) -> {
            float[] rows = KernelSupport.scratch(0, 3 * row); // rows i−1, i, i+1
            float[] blend = KernelSupport.scratch(1, row);
            float[] pair = KernelSupport.scratch(2, 4 * row); // output rows 2i, 2i+1
            for (int r = lo / row; r < hi / row; r++) {
                int first = r - r % h, i = r % h;
                in.get((first + Math.max(i - 1, 0)) * row, rows, 0, row);
                in.get(r * row, rows, row, row);
                in.get((first + Math.min(i + 1, h - 1)) * row, rows, 2 * row, row);
                for (int side = 0; side < 2; side++) {
                    int other = side == 0 ? 0 : 2 * row;
                    for (int k = 0; k < row; k++) blend[k] = 0.75f * rows[row + k] + 0.25f * rows[other + k];
                    upRow(blend, pair, side * 2 * row, w, c);
                }
                o.put(r * 4 * row, pair, 0, 4 * row);
            }
        });
        if (src != x) src.close();
        return out;
    }

    /** {images, H, W, channels}: an NHWC map, or a blocked one as N·C/16 images of 16 channels. */
    private static long[] images(INDArray x) {
        return BlockedLayout.isBlocked(x) ? new long[] {x.size(0) * x.size(1), x.size(2), x.size(3), x.size(4)}
                : new long[] {x.size(0), x.size(1), x.size(2), x.size(3)};
    }

    /** One row of w pixels doubled along the width into {@code out} from {@code at}. */
    private static void upRow(float[] row, float[] out, int at, int w, int c) {
        for (int j = 0; j < w; j++) {
            int self = j * c, before = Math.max(j - 1, 0) * c, after = Math.min(j + 1, w - 1) * c, even = at + 2 * j * c;
            for (int ch = 0; ch < c; ch++) {
                out[even + ch] = 0.75f * row[self + ch] + 0.25f * row[before + ch];
                out[even + c + ch] = 0.75f * row[self + ch] + 0.25f * row[after + ch];
            }
        }
    }

    /** [N,2H,2W,C] → [N,H,W,C], the transpose of {@link #upFloat}: input row i from gradient rows 2i−1 … 2i+2. */
    private static INDArray downFloat(INDArray gradOut) {
        INDArray src = KernelSupport.contiguous(gradOut);
        long[] m = images(gradOut);
        int n = (int) m[0], h = (int) m[1] / 2, w = (int) m[2] / 2, c = (int) m[3];
        int row = w * c, wide = 2 * row;
        long[] shape = gradOut.shape().clone();
        shape[shape.length - 3] /= 2;
        shape[shape.length - 2] /= 2;
        INDArray dx = UnfilledArrays.create(DataType.FLOAT, shape);
        FloatBuffer g = KernelSupport.floats(src), d = KernelSupport.floats(dx);
        KernelSupport.chunks(Math.multiplyExact(n * h, row), row, (lo, hi) -> {
            float[] rows = KernelSupport.scratch(0, 4 * wide); // gradient rows 2i−1, 2i, 2i+1, 2i+2 (clamped)
            float[] sum = KernelSupport.scratch(1, wide);
            float[] down = KernelSupport.scratch(2, row);
            for (int r = lo / row; r < hi / row; r++) {
                int first = 2 * (r - r % h), i = r % h;
                g.get((first + Math.max(2 * i - 1, 0)) * wide, rows, 0, wide);
                g.get((first + 2 * i) * wide, rows, wide, 2 * wide);
                g.get((first + Math.min(2 * i + 2, 2 * h - 1)) * wide, rows, 3 * wide, wide);
                for (int k = 0; k < wide; k++) {
                    sum[k] = 0.75f * (rows[wide + k] + rows[2 * wide + k]) + 0.25f * (rows[k] + rows[3 * wide + k]);
                }
                for (int j = 0; j < w; j++) {
                    int even = 2 * j * c, before = Math.max(2 * j - 1, 0) * c, after = Math.min(2 * j + 2, 2 * w - 1) * c, to = j * c;
                    for (int ch = 0; ch < c; ch++) {
                        down[to + ch] = 0.75f * (sum[even + ch] + sum[even + c + ch]) + 0.25f * (sum[before + ch] + sum[after + ch]);
                    }
                }
                d.put(r * row, down, 0, row);
            }
        });
        if (src != gradOut) src.close();
        return dx;
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
