package io.srgan.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Finite-difference checks of every layer's backward pass (double precision). */
class LayerGradientTest {
    private static Init init() { return new Init(7, DataType.DOUBLE); }

    @Test void conv3x3() { GradientCheck.check(new Conv2d("c", 3, 4, 3, 1, init()), new long[] {2, 5, 6, 3}, 1); }
    @Test void conv3x3Stride2() { GradientCheck.check(new Conv2d("c", 2, 3, 3, 2, init()), new long[] {2, 7, 6, 2}, 2); }
    @Test void conv9x9() { GradientCheck.check(new Conv2d("c", 3, 2, 9, 1, init()), new long[] {1, 10, 9, 3}, 3); }
    @Test void transposedConv() { GradientCheck.check(new TransposedConv2d("t", 3, 2, 2, init()), new long[] {2, 4, 5, 3}, 4); }
    @Test void leakyRelu() { GradientCheck.check(new LeakyRelu("a", 0.2), new long[] {2, 3, 3, 4}, 5); }
    @Test void relu() { GradientCheck.check(new LeakyRelu("a", 0.0), new long[] {2, 3, 3, 4}, 6); }
    @Test void prelu() { GradientCheck.check(new PRelu("p", 4, init()), new long[] {2, 3, 3, 4}, 7); }
    @Test void depthToSpace() { GradientCheck.check(new DepthToSpace(2), new long[] {2, 3, 4, 8}, 8); }
    @Test void nearestUpsample() { GradientCheck.check(new NearestUpsample(2), new long[] {2, 3, 4, 3}, 9); }
    @Test void dense() { GradientCheck.check(new Dense("d", 5, 3, init()), new long[] {4, 5}, 10); }
    @Test void globalAvgPool() { GradientCheck.check(new GlobalAvgPool(), new long[] {2, 3, 5, 4}, 11); }
    @Test void batchNorm() { GradientCheck.check(new BatchNorm("bn", 3, init()), new long[] {4, 3, 2, 3}, 12); }
    @Test void batchNormOnOnePixelMaps() { GradientCheck.check(new BatchNorm("bn", 3, init()), new long[] {5, 1, 1, 3}, 13); }

    @Test void denseBlock() { GradientCheck.check(new DenseBlock("rdb", 3, 2, 5, 1.0, init()), new long[] {2, 4, 3, 3}, 28); }
    @Test void denseBlockTwoConvs() { GradientCheck.check(new DenseBlock("rdb", 2, 3, 2, 1.0, init()), new long[] {1, 3, 4, 2}, 29); }
    @Test void denseBlockInputGradientOnly() { GradientCheck.checkInputOnly(new DenseBlock("rdb", 3, 2, 5, 1.0, init()), new long[] {2, 4, 3, 3}, 30); }
    @Test void scaledResidual() { GradientCheck.check(new Residual(new Conv2d("c", 3, 3, 3, 1, init()), 0.2), new long[] {2, 4, 3, 3}, 31); }

    @Test void maxPool2x2() { GradientCheck.check(new MaxPool2d("p", 2, 2, false), new long[] {2, 6, 4, 3}, 16); }
    @Test void maxPool2x2ValidDropsTheOddEdge() { GradientCheck.check(new MaxPool2d("p", 2, 2, false), new long[] {1, 7, 5, 2}, 17); }
    @Test void maxPool2x2SameKeepsTheOddEdge() { GradientCheck.check(new MaxPool2d("p", 2, 2, true), new long[] {1, 7, 5, 2}, 18); }
    @Test void maxPool3x3Stride2Overlapping() { GradientCheck.check(new MaxPool2d("p", 3, 2, false), new long[] {2, 7, 6, 2}, 19); }
    @Test void frozenConv() { GradientCheck.check(frozenConv(3, 3, 4), new long[] {2, 5, 4, 3}, 20); }
    @Test void frozenConv1x1() { GradientCheck.check(frozenConv(1, 3, 3), new long[] {2, 3, 4, 3}, 27); }

    @Test void conv3x3InputGradientOnly() { GradientCheck.checkInputOnly(new Conv2d("c", 3, 4, 3, 1, init()), new long[] {2, 5, 6, 3}, 21); }
    @Test void conv3x3Stride2InputGradientOnly() { GradientCheck.checkInputOnly(new Conv2d("c", 2, 3, 3, 2, init()), new long[] {2, 7, 6, 2}, 22); }
    @Test void conv3x3Stride2EvenInputGradientOnly() { GradientCheck.checkInputOnly(new Conv2d("c", 2, 3, 3, 2, init()), new long[] {1, 8, 6, 2}, 23); }
    @Test void denseInputGradientOnly() { GradientCheck.checkInputOnly(new Dense("d", 5, 3, init()), new long[] {4, 5}, 24); }
    @Test void batchNormInputGradientOnly() { GradientCheck.checkInputOnly(new BatchNorm("bn", 3, init()), new long[] {4, 3, 2, 3}, 25); }
    @Test void preluInputGradientOnly() { GradientCheck.checkInputOnly(new PRelu("p", 4, init()), new long[] {2, 3, 3, 4}, 26); }

    @Test
    void maxPoolForwardByHand() {
        // one 4×3 channel: valid 2×2 pooling keeps rows 0–1 and columns 0–1; same pooling also the cut-short last column
        INDArray x = Nd4j.create(new double[] {1, 5, 2, 4, 3, 9, 7, 0, 6, 8, -1, -2}, new long[] {1, 4, 3, 1}, DataType.DOUBLE);
        assertArrayEquals(new double[] {5, 8}, new MaxPool2d("p", 2, 2, false).forward(x, Mode.INFER).data().asDouble(), 0);
        assertArrayEquals(new double[] {5, 9, 8, 6}, new MaxPool2d("p", 2, 2, true).forward(x, Mode.INFER).data().asDouble(), 0);
    }

    @Test
    void frozenConvHasNoTrainableParametersEvenInTrainMode() {
        Conv2d c = frozenConv(3, 2, 2);
        assertTrue(c.params().stream().noneMatch(Param::isTrainable));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 4, 4, 2);
        c.forward(x, Mode.TRAIN).close();
        assertArrayEquals(x.shape(), c.backward(Nd4j.ones(DataType.DOUBLE, 1, 4, 4, 2)).shape());
    }

    private static Conv2d frozenConv(int k, int in, int out) {
        Init init = init();
        return Conv2d.frozen("f", init.weight(new long[] {k, k, in, out}, (long) k * k * in), init.bias(out, (long) k * k * in));
    }

    @Test
    void residualBlockOfMixedLayers() {
        Init init = init();
        Layer block = new Residual(new Sequential("b", List.of(
                new Conv2d("b.c1", 3, 3, 3, 1, init), new BatchNorm("b.bn", 3, init), new PRelu("b.p", 3, init),
                new Conv2d("b.c2", 3, 3, 3, 1, init))));
        GradientCheck.check(block, new long[] {2, 4, 4, 3}, 14);
    }

    @Test
    void subPixelUpsampler() {
        Init init = init();
        Layer up = new Sequential("up", List.of(new Conv2d("up.c", 2, 8, 3, 1, init), new DepthToSpace(2),
                new LeakyRelu("up.a", 0.1)));
        GradientCheck.check(up, new long[] {1, 3, 4, 2}, 15);
    }
}
