package io.srgan.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.util.SeededArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The few-channel convolution's gradients (im2col + sgemm) against libnd4j's conv2d_bp (oneDNN), which
 * the double-precision gradient checks cover: weight, bias and input gradients.
 */
class Im2colConvTest {
    @ParameterizedTest(name = "n{0} {1}x{2} cin{3} cout{4} k{5} pad{6}")
    @CsvSource({
            "2, 7, 5, 3, 8, 3, 1",   // RGB, the first layers' case
            "1, 5, 6, 1, 4, 3, 1",   // gray
            "2, 6, 9, 4, 5, 5, 2",
            "2, 6, 5, 3, 6, 4, 1",   // even kernel: the output is one smaller
            "3, 4, 3, 2, 3, 1, 0",   // 1x1
            "1, 2, 2, 3, 2, 3, 2",   // padding wider than the image is tall: windows of zeros
    })
    void equalsLibnd4jsConvolution(int n, int h, int w, int cin, int cout, int k, int pad) {
        Problem p = Problem.random(h * 31L + w, n, h, w, cin, cout, k, pad);
        INDArray x = p.x(), wt = p.w(), gradOut = p.gradOut();
        INDArray[] ref = p.ref();
        assertTrue(Im2colConv.applies(x, wt, 1));
        INDArray[] params = Im2colConv.paramGradients(x, wt, gradOut, pad);
        assertClose(ref[1], params[0], "weight gradient");
        assertClose(ref[2], params[1], "bias gradient");
        INDArray dx = Im2colConv.inputGradient(x, wt, gradOut, pad);
        assertArrayEquals(x.shape(), dx.shape());
        assertClose(ref[0], dx, "input gradient");
    }

    @ParameterizedTest(name = "n{0} {1}x{2} cin{3} cout{4} k{5} pad{6}")
    @CsvSource({
            "2, 7, 5, 8, 3, 3, 1",   // to RGB, a generator's last layer
            "1, 5, 6, 6, 1, 3, 1",   // to one channel, the U-Net discriminator's map
            "2, 6, 9, 5, 4, 5, 2",
            "2, 6, 5, 7, 3, 4, 1",   // even kernel: the output is one smaller
            "2, 5, 6, 6, 2, 4, 2",   // even kernel, the output one larger
            "3, 4, 3, 9, 3, 1, 0",   // 1x1
            "1, 2, 2, 5, 2, 3, 2",   // padding wider than the image is tall
    })
    void fewOutputChannelsEqualLibnd4jsConvolution(int n, int h, int w, int cin, int cout, int k, int pad) {
        Problem p = Problem.random(h * 37L + w, n, h, w, cin, cout, k, pad);
        INDArray x = p.x(), wt = p.w(), gradOut = p.gradOut();
        INDArray[] ref = p.ref();
        assertTrue(Im2colConv.appliesToOutput(x, wt, 1));
        assertFalse(Im2colConv.applies(x, wt, 1));
        INDArray[] g = Im2colConv.outputSideGradients(x, wt, gradOut, pad, true);
        assertArrayEquals(x.shape(), g[0].shape());
        assertClose(ref[0], g[0], "input gradient");
        assertArrayEquals(wt.shape(), g[1].shape());
        assertClose(ref[1], g[1], "weight gradient");
        assertClose(ref[2], g[2], "bias gradient");
        INDArray[] inputOnly = Im2colConv.outputSideGradients(x, wt, gradOut, pad, false);
        assertClose(ref[0], inputOnly[0], "input gradient alone");
        assertTrue(inputOnly[1] == null && inputOnly[2] == null, "no parameter gradients asked for");
    }

    @Test
    void fewOutputChannelsTakeViews() {
        Problem p = Problem.views(9, 6, 3);
        INDArray[] ref = p.ref();
        INDArray[] g = Im2colConv.outputSideGradients(p.x(), p.w(), p.gradOut(), 1, true);
        assertClose(ref[0], g[0], "input gradient from views");
        assertClose(ref[1], g[1], "weight gradient from views");
        assertClose(ref[2], g[2], "bias gradient from a view");
    }

    /** Conv2d's backward of a generator's last layer (which {@code appliesToOutput} routes here) agrees with conv2d_bp in both training modes. */
    @Test
    void conv2dsBackwardOfALastLayerAgreesWithConv2dBpInEveryMode() {
        INDArray x = SeededArrays.uniform(13, DataType.FLOAT, 2, 6, 5, 8).subi(0.5);
        INDArray gradOut = SeededArrays.uniform(14, DataType.FLOAT, 2, 6, 5, 3).subi(0.5);
        Conv2d conv = new Conv2d("last", 8, 3, 3, 1, new Init(5, DataType.FLOAT));
        INDArray w = conv.params().get(0).value(), b = conv.params().get(1).value();
        assertTrue(Im2colConv.appliesToOutput(x, w, 1));
        INDArray[] ref = NativeOps.conv2dBackward(x, w, b, gradOut, 1, 1);
        conv.params().forEach(p -> p.grad().assign(0));
        conv.forward(x, Mode.TRAIN).close();
        assertClose(ref[0], conv.backward(gradOut), "input gradient");
        assertClose(ref[1], conv.params().get(0).grad(), "weight gradient");
        assertClose(ref[2], conv.params().get(1).grad(), "bias gradient");
        conv.forward(x, Mode.TRAIN_INPUT_GRAD).close();
        assertClose(ref[0], conv.backward(gradOut), "input gradient without parameter gradients");
        assertClose(ref[1], conv.params().get(0).grad(), "parameter gradients left as they were");
    }

    @Test
    void takesViewsOfLargerArrays() {
        Problem p = Problem.views(7, 3, 4);
        INDArray x = p.x(), wt = p.w(), gradOut = p.gradOut(), xc = x.dup('c');
        INDArray[] ref = p.ref();
        INDArray[] params = Im2colConv.paramGradients(x, wt, gradOut, 1);
        assertClose(ref[1], params[0], "weight gradient from views");
        assertClose(ref[2], params[1], "bias gradient from a view");
        assertClose(ref[0], Im2colConv.inputGradient(x, wt, gradOut, 1), "input gradient from a view");
        assertClose(xc, x, "the input view is left as it was");
    }

    @Test
    void takesOnlyStrideOneFloatConvolutionsOverFewChannels() {
        INDArray x3 = Nd4j.zeros(DataType.FLOAT, 1, 4, 4, 3);
        assertTrue(Im2colConv.applies(x3, Nd4j.zeros(DataType.FLOAT, 3, 3, 3, 64), 1));
        assertFalse(Im2colConv.applies(x3, Nd4j.zeros(DataType.FLOAT, 3, 3, 3, 64), 2), "stride 2");
        assertFalse(Im2colConv.applies(Nd4j.zeros(DataType.FLOAT, 1, 4, 4, 5), Nd4j.zeros(DataType.FLOAT, 3, 3, 5, 8), 1), "5 channels");
        assertFalse(Im2colConv.applies(Nd4j.zeros(DataType.DOUBLE, 1, 4, 4, 3), Nd4j.zeros(DataType.DOUBLE, 3, 3, 3, 8), 1), "double");
        INDArray x32 = Nd4j.zeros(DataType.FLOAT, 1, 4, 4, 32);
        assertTrue(Im2colConv.appliesToOutput(x32, Nd4j.zeros(DataType.FLOAT, 3, 3, 32, 3), 1));
        assertFalse(Im2colConv.appliesToOutput(x32, Nd4j.zeros(DataType.FLOAT, 3, 3, 32, 3), 2), "stride 2");
        assertFalse(Im2colConv.appliesToOutput(x32, Nd4j.zeros(DataType.FLOAT, 3, 3, 32, 5), 1), "5 output channels");
        assertFalse(Im2colConv.appliesToOutput(x3, Nd4j.zeros(DataType.FLOAT, 3, 3, 3, 3), 1), "few on both sides: the input side's case");
        assertFalse(Im2colConv.appliesToOutput(Nd4j.zeros(DataType.DOUBLE, 1, 4, 4, 32), Nd4j.zeros(DataType.DOUBLE, 3, 3, 32, 3), 1), "double");
    }

    /** Conv2d's parameter-only backward leaves the gradients of its full backward, and pops its own forward's input. */
    @Test
    void parameterOnlyBackwardOfStackedForwardsGivesTheFullBackwardsGradients() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) { // the im2col path and the native one
            INDArray real = SeededArrays.uniform(11, type, 2, 6, 5, 3), fake = SeededArrays.uniform(12, type, 2, 6, 5, 3);
            INDArray gReal = SeededArrays.uniform(13, type, 2, 6, 5, 4), gFake = SeededArrays.uniform(14, type, 2, 6, 5, 4);
            Conv2d full = new Conv2d("c", 3, 4, 3, 1, new Init(3, type));
            Conv2d paramsOnly = new Conv2d("c", 3, 4, 3, 1, new Init(3, type));
            for (Conv2d c : new Conv2d[] {full, paramsOnly}) {
                c.params().forEach(p -> p.grad().assign(0));
                c.forward(real, Mode.TRAIN).close();
                c.forward(fake, Mode.TRAIN).close();
            }
            full.backward(gFake).close();
            full.backward(gReal).close();
            paramsOnly.backwardParamsOnly(gFake);
            paramsOnly.backwardParamsOnly(gReal);
            for (int i = 0; i < 2; i++) {
                assertClose(full.params().get(i).grad(), paramsOnly.params().get(i).grad(), type + " " + full.params().get(i).name());
            }
        }
    }

    @Test
    void countsOnePassPerProduct() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 5, 6, 3);
        INDArray wt = Nd4j.rand(DataType.FLOAT, 3, 3, 3, 8);
        INDArray g = Nd4j.rand(DataType.FLOAT, 2, 5, 6, 8);
        long forward = 2L * 2 * 5 * 6 * 8 * 3 * 9;
        ConvFlops.start();
        Im2colConv.paramGradients(x, wt, g, 1);
        Im2colConv.inputGradient(x, wt, g, 1).close();
        assertEquals(2 * forward, ConvFlops.stop());
        ConvFlops.start();
        Im2colConv.outputSideGradients(g, Nd4j.rand(DataType.FLOAT, 3, 3, 8, 3), x, 1, true);
        assertEquals(2 * forward, ConvFlops.stop(), "the output side counts the same passes");
        // an even kernel: the output (5x5) is smaller than the input; both paths count over the output, as conv2d_bp does
        INDArray x6 = Nd4j.rand(DataType.FLOAT, 1, 6, 6, 8), w4 = Nd4j.rand(DataType.FLOAT, 4, 4, 8, 3);
        INDArray dy5 = Nd4j.rand(DataType.FLOAT, 1, 5, 5, 3);
        ConvFlops.start();
        for (INDArray a : NativeOps.conv2dBackward(x6, w4, Nd4j.zeros(DataType.FLOAT, 3), dy5, 1, 1)) a.close();
        long nativeCount = ConvFlops.stop();
        ConvFlops.start();
        Im2colConv.outputSideGradients(x6, w4, dy5, 1, true);
        assertEquals(nativeCount, ConvFlops.stop(), "an even kernel counts as conv2d_bp does");
    }

    /** A random convolution (input, weights, output gradient) and libnd4j's conv2d_bp of it: {dx, dw, db}. */
    private record Problem(INDArray x, INDArray w, INDArray gradOut, INDArray[] ref) {
        static Problem random(long seed, int n, int h, int w, int cin, int cout, int k, int pad) {
            INDArray x = SeededArrays.uniform(seed, DataType.FLOAT, n, h, w, cin).subi(0.5);
            INDArray wt = SeededArrays.uniform(seed + 1, DataType.FLOAT, k, k, cin, cout).subi(0.5);
            INDArray b = SeededArrays.uniform(seed + 2, DataType.FLOAT, cout);
            INDArray gradOut = SeededArrays.uniform(seed + 3, DataType.FLOAT, NativeOps.conv2d(x, wt, b, 1, pad).shape()).subi(0.5);
            return new Problem(x, wt, gradOut, NativeOps.conv2dBackward(x, wt, b, gradOut, 1, pad));
        }

        /** A 3×3 convolution, padding 1, whose input [2,6,5,cin] and output gradient are views cut out of larger arrays. */
        static Problem views(long seed, int cin, int cout) {
            INDArray big = SeededArrays.uniform(seed, DataType.FLOAT, 3, 9, 8, cin).subi(0.5);
            INDArray x = big.get(NDArrayIndex.interval(1, 3), NDArrayIndex.interval(2, 8), NDArrayIndex.interval(1, 6), NDArrayIndex.all());
            INDArray wt = SeededArrays.uniform(seed + 1, DataType.FLOAT, 3, 3, cin, cout).subi(0.5);
            INDArray bigGrad = SeededArrays.uniform(seed + 2, DataType.FLOAT, 2, 6, 7, cout).subi(0.5);
            INDArray gradOut = bigGrad.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(1, 6), NDArrayIndex.all());
            INDArray[] ref = NativeOps.conv2dBackward(x.dup('c'), wt, Nd4j.zeros(DataType.FLOAT, cout), gradOut.dup('c'), 1, 1);
            return new Problem(x, wt, gradOut, ref);
        }
    }

    private static void assertClose(INDArray want, INDArray got, String what) {
        try (INDArray diff = want.sub(got)) {
            double scale = want.amaxNumber().doubleValue();
            double tolerance = (want.dataType() == DataType.DOUBLE ? 1e-12 : 2e-6) * Math.max(1, scale);
            assertTrue(diff.amaxNumber().doubleValue() <= tolerance, what + ": differs by " + diff.amaxNumber() + " (max " + scale + ")");
        }
    }
}
