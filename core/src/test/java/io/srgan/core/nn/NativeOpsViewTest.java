package io.srgan.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * libnd4j's conv2d and conv2d_bp misread a channel slice of an NHWC tensor (measured: outputs off by
 * 2.7, weight gradients by 9); every NativeOps op must give a view's results the same as its copy's.
 */
class NativeOpsViewTest {
    private static final INDArray BIG = Nd4j.rand(DataType.FLOAT, 3, 9, 10, 12).subi(0.5);

    /** Channels 2..7 of images 1..2: neither dense nor at offset 0. */
    private static INDArray channelSlice() {
        return BIG.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(2, 8));
    }

    @Test
    void convolutionsReadChannelSlicesAsTheirCopies() {
        INDArray x = channelSlice();
        INDArray w = Nd4j.rand(DataType.FLOAT, 3, 3, 6, 5).subi(0.5);
        INDArray b = Nd4j.rand(DataType.FLOAT, 5);
        assertEquals(NativeOps.conv2d(x.dup(), w, b, 1, 1), NativeOps.conv2d(x, w, b, 1, 1));
        assertEquals(NativeOps.conv2d(x.dup(), w, b, 2, 1), NativeOps.conv2d(x, w, b, 2, 1));

        INDArray gy = Nd4j.rand(DataType.FLOAT, 2, 9, 10, 5);
        INDArray[] fromView = NativeOps.conv2dBackward(x, w, b, gy, 1, 1);
        INDArray[] fromCopy = NativeOps.conv2dBackward(x.dup(), w, b, gy, 1, 1);
        for (int i = 0; i < 3; i++) assertEquals(fromCopy[i], fromView[i], "gradient " + i);
        INDArray[] gyView = NativeOps.conv2dBackward(x.dup(), w, b, channelSlice().get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all(), NDArrayIndex.interval(0, 5)), 1, 1);
        INDArray[] gyCopy = NativeOps.conv2dBackward(x.dup(), w, b, channelSlice().get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all(), NDArrayIndex.interval(0, 5)).dup(), 1, 1);
        for (int i = 0; i < 3; i++) assertEquals(gyCopy[i], gyView[i], "gradient " + i + " from a sliced output gradient");
    }

    @Test
    void transposedConvolutionsAndPoolingReadChannelSlicesAsTheirCopies() {
        INDArray x = channelSlice();
        INDArray w = Nd4j.rand(DataType.FLOAT, 3, 3, 4, 6).subi(0.5); // [k,k,out,in]
        INDArray b = Nd4j.rand(DataType.FLOAT, 4);
        assertEquals(NativeOps.deconv2d(x.dup(), w, b, 2, 1), NativeOps.deconv2d(x, w, b, 2, 1));
        INDArray y = NativeOps.deconv2d(x.dup(), w, b, 2, 1);
        INDArray gy = Nd4j.rand(DataType.FLOAT, y.shape());
        INDArray[] fromView = NativeOps.deconv2dBackward(x, w, b, gy, 2, 1);
        INDArray[] fromCopy = NativeOps.deconv2dBackward(x.dup(), w, b, gy, 2, 1);
        for (int i = 0; i < 3; i++) assertEquals(fromCopy[i], fromView[i], "gradient " + i);

        assertEquals(NativeOps.maxPool2d(x.dup(), 2, 2, false), NativeOps.maxPool2d(x, 2, 2, false));
        INDArray gp = Nd4j.rand(DataType.FLOAT, NativeOps.maxPool2d(x.dup(), 2, 2, false).shape());
        assertEquals(NativeOps.maxPool2dBackward(x.dup(), gp, 2, 2, false), NativeOps.maxPool2dBackward(x, gp, 2, 2, false));
        assertEquals(NativeOps.resizeBilinear(x.dup(), 13, 7), NativeOps.resizeBilinear(x, 13, 7));
    }
}
