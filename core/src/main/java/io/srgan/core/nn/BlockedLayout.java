package io.srgan.core.nn;

import static org.bytedeco.dnnl.global.dnnl.*;

import io.srgan.core.nn.Dnnl.Contiguous;
import io.srgan.core.nn.Dnnl.Memory;
import io.srgan.core.util.UnfilledArrays;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.dnnl.dnnl_primitive;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The channel-blocked layout training activations take between {@link BlockedConv}s: a FLOAT
 * array of shape [N, C/16, H, W, 16] in row-major order, which is oneDNN's {@code nChw16c}, the
 * layout its AVX-512 convolution kernels read and write. Kept across layers it saves the two
 * layout conversions libnd4j makes around every convolution (37 ms of msrresnet 8x32's 189 ms G
 * step on an AVX-512 host). Rank 5 is the mark: every other activation of this project is a rank-4
 * NHWC array, and layers that do not handle the blocked layout never receive it ({@link BlockedPlan}).
 * Elementwise layers and residual sums apply to it as they are; the conversions and the sub-pixel
 * shuffle are oneDNN reorders between strided views of the same elements.
 */
final class BlockedLayout {
    static final int BLOCK = 16;
    static final int CACHED = 64;

    /** Null when blocked training runs here: oneDNN loads and has its AVX-512 kernels; else why not. */
    static final String UNAVAILABLE = Dnnl.UNAVAILABLE != null ? Dnnl.UNAVAILABLE
            // nChw16c is the AVX-512 kernels' layout; an AVX2 oneDNN would reorder it to nChw8c on every call
            : (dnnl_get_effective_cpu_isa() & dnnl_cpu_isa_avx512_core) == dnnl_cpu_isa_avx512_core ? null
            : "oneDNN finds no AVX-512 on this CPU (or ONEDNN_MAX_CPU_ISA caps it)";

    private static final Dnnl.PerThread<Key, Permutation> PERMUTATIONS = new Dnnl.PerThread<>(CACHED, Permutation::new);

    private BlockedLayout() {}

    static boolean isBlocked(INDArray x) { return x.rank() == 5; }

    /** Whether a map of this many channels and this type can take the blocked layout here. */
    static boolean fits(long channels, DataType type) {
        return UNAVAILABLE == null && type == DataType.FLOAT && channels % BLOCK == 0 && channels > 0;
    }

    /** C of a blocked [N, C/16, H, W, 16] map. */
    static long channels(INDArray blocked) { return blocked.size(1) * BLOCK; }

    /** [N,H,W,C] NHWC → [N,C/16,H,W,16]. */
    static INDArray toBlocked(INDArray nhwc) {
        long n = nhwc.size(0), h = nhwc.size(1), w = nhwc.size(2), c = nhwc.size(3);
        require(nhwc.rank() == 4 && fits(c, nhwc.dataType()), nhwc, "an NHWC FLOAT map of 16·k channels");
        long cb = c / BLOCK;
        // logical dims (n, channel block, h, w, lane)
        return permute(nhwc, new long[] {n, cb, h, w, BLOCK}, new long[] {n, cb, h, w, BLOCK},
                new long[] {h * w * c, BLOCK, w * c, c, 1}, rowMajor(n, cb, h, w, BLOCK));
    }

    /** [N,C/16,H,W,16] → [N,H,W,C] NHWC. */
    static INDArray toNhwc(INDArray blocked) {
        requireBlocked(blocked);
        long n = blocked.size(0), cb = blocked.size(1), h = blocked.size(2), w = blocked.size(3), c = cb * BLOCK;
        return permute(blocked, new long[] {n, h, w, c}, new long[] {n, cb, h, w, BLOCK},
                rowMajor(n, cb, h, w, BLOCK), new long[] {h * w * c, BLOCK, w * c, c, 1});
    }

    /**
     * The sub-pixel shuffle of {@link SubPixelShuffle#depthToSpace} on blocked maps: output channel c at
     * block offset (i, j) is input channel (i·r + j)·C + c, so with C a multiple of 16 the 16 lanes
     * move together: output block b at (h·r + i, w·r + j) is input block (i·r + j)·C/16 + b at (h, w).
     */
    static INDArray depthToSpace(INDArray blocked, int r) {
        requireBlocked(blocked);
        long n = blocked.size(0), h = blocked.size(2), w = blocked.size(3), cb = blocked.size(1) / ((long) r * r);
        require(cb * r * r == blocked.size(1), blocked, "r²·16·k channels");
        return permute(blocked, new long[] {n, cb, h * r, w * r, BLOCK}, shuffleDims(n, cb, h, w, r),
                depthStrides(n, cb, h, w, r), spaceStrides(n, cb, h, w, r));
    }

    /** The inverse of {@link #depthToSpace}, and its gradient. */
    static INDArray spaceToDepth(INDArray blocked, int r) {
        requireBlocked(blocked);
        long n = blocked.size(0), cb = blocked.size(1), h = blocked.size(2) / r, w = blocked.size(3) / r;
        require(h * r == blocked.size(2) && w * r == blocked.size(3), blocked, "a height and width divisible by " + r);
        return permute(blocked, new long[] {n, cb * r * r, h, w, BLOCK}, shuffleDims(n, cb, h, w, r),
                spaceStrides(n, cb, h, w, r), depthStrides(n, cb, h, w, r));
    }

    /** Logical dims of the shuffle: (n, i, j, block, h, w, lane). */
    private static long[] shuffleDims(long n, long cb, long h, long w, int r) { return new long[] {n, r, r, cb, h, w, BLOCK}; }

    /** Where (n, i, j, b, h, w, lane) sits in the depth side [N, r²·C/16, H, W, 16]: row-major in those dims. */
    private static long[] depthStrides(long n, long cb, long h, long w, int r) { return rowMajor(n, r, r, cb, h, w, BLOCK); }

    /** Where it sits in the space side [N, C/16, H·r, W·r, 16], i.e. [N, C/16, H, r(i), W, r(j), 16]. */
    private static long[] spaceStrides(long n, long cb, long h, long w, int r) {
        long lane = 1, j = BLOCK, wS = (long) r * BLOCK, i = w * r * BLOCK, hS = (long) r * i, b = h * hS, nS = cb * b;
        return new long[] {nS, i, j, b, hS, wS, lane};
    }

    private static long[] rowMajor(long... dims) {
        long[] strides = new long[dims.length];
        long s = 1;
        for (int d = dims.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= dims[d];
        }
        return strides;
    }

    /** A new array of {@code outShape} holding {@code src}'s elements moved from one strided view of the logical dims to another. */
    private static INDArray permute(INDArray src, long[] outShape, long[] dims, long[] from, long[] to) {
        Permutation p = PERMUTATIONS.get(new Key(List.of(box(dims)), List.of(box(from)), List.of(box(to))));
        INDArray out = UnfilledArrays.create(DataType.FLOAT, outShape);
        try (Contiguous s = new Contiguous(src)) {
            p.runReorder(p.reorder, p.from.set(s.a), p.to.set(out));
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    private static Long[] box(long[] a) { return Arrays.stream(a).boxed().toArray(Long[]::new); }

    private static void requireBlocked(INDArray x) {
        require(isBlocked(x) && x.size(4) == BLOCK && x.dataType() == DataType.FLOAT, x, "a blocked FLOAT map [N, C/16, H, W, 16]");
    }

    private static void require(boolean ok, INDArray x, String want) {
        if (!ok) throw new IllegalArgumentException("blocked layout: got " + x.dataType() + " " + Arrays.toString(x.shape()) + ", want " + want);
    }

    private record Key(List<Long> dims, List<Long> from, List<Long> to) {}

    /** One reorder between two strided views of the same logical dims. */
    private static final class Permutation extends Dnnl.Primitives {
        Memory from, to;
        dnnl_primitive reorder;

        Permutation(Key key) {
            super(key);
            built(() -> {
                long[] dims = key.dims().stream().mapToLong(Long::longValue).toArray();
                from = memory(Dnnl.strided(dims, key.from().stream().mapToLong(Long::longValue).toArray()));
                to = memory(Dnnl.strided(dims, key.to().stream().mapToLong(Long::longValue).toArray()));
                reorder = reorder(from, to);
            });
        }
    }
}
