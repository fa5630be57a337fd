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
