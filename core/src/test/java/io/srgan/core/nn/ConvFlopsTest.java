package io.srgan.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The benchmarks' FLOP count: the direct algorithm's multiply-adds ×2, backward twice forward, nothing while off. */
class ConvFlopsTest {
    @Test
    void countsTheDirectAlgorithmsOperationsOnlyWhileOn() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 10, 12, 3);
        INDArray w = Nd4j.rand(DataType.FLOAT, 3, 3, 3, 8);
        INDArray b = Nd4j.zeros(DataType.FLOAT, 8);
        NativeOps.conv2d(x, w, b, 1, 1).close(); // off: not counted
        ConvFlops.start();
        INDArray y = NativeOps.conv2d(x, w, b, 2, 1); // output 5×6
        assertEquals(2L * 2 * 5 * 6 * 8 * 3 * 9, ConvFlops.stop());
        ConvFlops.start();
        for (INDArray g : NativeOps.conv2dBackward(x, w, b, y, 2, 1)) g.close();
        assertEquals(2 * 2L * 2 * 5 * 6 * 8 * 3 * 9, ConvFlops.stop(), "input and weight gradients");
        INDArray t = Nd4j.rand(DataType.FLOAT, 1, 5, 6, 4);
        INDArray tw = Nd4j.rand(DataType.FLOAT, 3, 3, 2, 4); // [k, k, out, in]
        ConvFlops.start();
        NativeOps.deconv2d(t, tw, Nd4j.zeros(DataType.FLOAT, 2), 2, 1).close();
        assertEquals(2L * 1 * 5 * 6 * 2 * 4 * 9, ConvFlops.stop(), "a transposed convolution counts over its input");
    }
}
