package io.srgan.core.nn;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Buffer access and parallel chunking shared by the Java kernels ({@link PointwiseKernels},
 * {@link BatchNormKernels}, the optimizer's update).
 */
public final class KernelSupport {
    /** Elements per parallel task: large enough that fork/join costs little against the loop. */
    private static final int CHUNK = 1 << 16;
    /** Elements per block of a float kernel's working copies (see {@link #block}): 16 KB each, near the core. */
    private static final int BLOCK = 1 << 12;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][0]);

    private KernelSupport() {}

    /** Whether {@code x} can be written by the kernels directly: FLOAT/DOUBLE, c-ordered, its own buffer. */
    public static boolean writable(INDArray x) {
        return (x.dataType() == DataType.FLOAT || x.dataType() == DataType.DOUBLE) && isPlain(x);
    }

    @FunctionalInterface
    public interface Range {
        void run(int lo, int hi);
    }

    /**
     * Splits [0, n) into chunks of about {@link #CHUNK} elements, bounds on multiples of
     * {@code align}, and runs them on the common fork/join pool. The split depends on n and align
     * only, so per-chunk sums add up in the same order on any machine.
     */
    public static void chunks(int n, int align, Range body) {
        int per = chunkSize(align);
        int count = (n + per - 1) / per;
        if (count <= 1) {
            body.run(0, n);
            return;
        }
        IntStream.range(0, count).parallel().forEach(k -> body.run(k * per, Math.min(n, (k + 1) * per)));
    }

    public static int chunkSize(int align) {
        return Math.max(1, CHUNK / align) * align;
    }

    public static int chunkCount(int n, int align) {
        return Math.max(1, (n + chunkSize(align) - 1) / chunkSize(align));
    }

    /**
     * Block length for float kernels over rows of {@code align} elements: a multiple of align, so
     * every block of a chunk (whose bounds are multiples of align too) starts a row. C2 (JDK 17)
     * turns a loop over a float[] into AVX vector code but not one over a direct FloatBuffer's
     * get/put, so the float kernels copy each block into {@link #scratch} arrays (bulk get/put are
     * memcpy), run a branch-free loop there, and copy it back: 2–4x faster than per-element access.
     */
    public static int block(int align) {
        return Math.max(1, BLOCK / align) * align;
    }

    /** This thread's scratch array number {@code slot} (0–3), at least {@code length} long; contents undefined. */
    public static float[] scratch(int slot, int length) {
        float[][] mine = SCRATCH.get();
        if (mine[slot].length < length) mine[slot] = new float[length];
        return mine[slot];
    }

    /** {@code perChannel} repeated to {@code length} elements (a multiple of its length): per-channel constants for a block. */
    public static float[] tile(float[] perChannel, int length) {
        float[] t = new float[length];
        for (int i = 0; i < length; i++) t[i] = perChannel[i % perChannel.length];
        return t;
    }

    /** Adds a block's per-position float sums into per-channel double sums (positions i and i + c are one channel). */
    public static void foldLanes(float[] lanes, int block, double[] acc) {
        int c = acc.length;
        for (int i = 0; i < block; i++) acc[i % c] += lanes[i];
    }

    /**
     * 1 for a positive x, 0 for a negative x or ±0, as a branch-free expression C2 vectorises:
     * x·2¹²⁷·2¹²⁷ is at least 2¹⁰⁵ for the smallest positive subnormal, so the clamp to [0, 1] is exact.
     */
    public static float positive(float x) {
        return Math.min(1f, Math.max(0f, x * 0x1p127f * 0x1p127f));
    }

    public static FloatBuffer floats(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    public static DoubleBuffer doubles(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
    }

    public static INDArray contiguous(INDArray x) {
        if (x.dataType() != DataType.FLOAT && x.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("pointwise kernels take FLOAT or DOUBLE, got " + x.dataType());
        }
        return isPlain(x) ? x : x.dup('c');
    }

    private static boolean isPlain(INDArray x) {
        return x.ordering() == 'c' && !x.isView() && x.offset() == 0;
    }
}
