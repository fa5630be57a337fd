package io.srgan.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.util.SeededArrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Finite-difference checks of layer variants beyond LayerCatalogueTest's one example per layer
 * (strides, kernel sizes, edge sizes, modes), and layer facts checked by hand (double precision).
 */
class LayerGradientTest {
    private static Init init() { return new Init(7, DataType.DOUBLE); }

    @Test void conv3x3Stride2() { GradientCheck.check(new Conv2d("c", 2, 3, 3, 2, init()), new long[] {2, 7, 6, 2}, 2); }
    @Test void conv9x9() { GradientCheck.check(new Conv2d("c", 3, 2, 9, 1, init()), new long[] {1, 10, 9, 3}, 3); }
    @Test void relu() { GradientCheck.check(new LeakyRelu("a", 0.0), new long[] {2, 3, 3, 4}, 6); }
    @Test void batchNormOnOnePixelMaps() { GradientCheck.check(new BatchNorm("bn", 3, init()), new long[] {5, 1, 1, 3}, 13); }

    @Test void denseBlock() { GradientCheck.check(new DenseBlock("rdb", 3, 2, 5, 1.0, init()), new long[] {2, 4, 3, 3}, 28); }
    @Test void denseBlockTwoConvs() { GradientCheck.check(new DenseBlock("rdb", 2, 3, 2, 1.0, init()), new long[] {1, 3, 4, 2}, 29); }
    @Test void scaledResidual() { GradientCheck.check(new Residual(new Conv2d("c", 3, 3, 3, 1, init()), 0.2), new long[] {2, 4, 3, 3}, 31); }

    @Test void spectralNormConv4x4Stride2() { GradientCheck.check(spectral(3, 4, 4, 2, 1, false), new long[] {2, 6, 4, 3}, 32); }
    @Test void spectralNormConv3x3WithBias() { GradientCheck.check(spectral(3, 2, 3, 1, 1, true), new long[] {1, 4, 5, 3}, 33); }
    @Test void spectralNormConvInputGradientOnly() { GradientCheck.checkInputOnly(spectral(3, 4, 4, 2, 1, false), new long[] {2, 6, 4, 3}, 34); }

    @Test
    void pixelUnshuffleHasPyTorchsChannelOrder() {
        // F.pixel_unshuffle: out[c·r² + i·r + j][y][x] = in[c][y·r + i][x·r + j]
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 4, 6, 3);
        INDArray y = new PixelUnshuffle(2).forward(x, Mode.INFER);
        assertArrayEquals(new long[] {1, 2, 3, 12}, y.shape());
        for (int c = 0; c < 3; c++) for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) for (int yy = 0; yy < 2; yy++) for (int xx = 0; xx < 3; xx++) {
            assertEquals(x.getFloat(0, yy * 2 + i, xx * 2 + j, c), y.getFloat(0, yy, xx, c * 4 + i * 2 + j), 0f);
        }
    }

    @Test void conv4x4Stride2WithoutBias() { GradientCheck.check(Conv2d.withoutBias("c", 3, 2, 4, 2, 1, init()), new long[] {2, 6, 4, 3}, 38); }
    @Test void conv4x4Stride2WithoutBiasInputGradientOnly() {
        GradientCheck.checkInputOnly(Conv2d.withoutBias("c", 3, 2, 4, 2, 1, init()), new long[] {2, 6, 4, 3}, 39);
    }

    @Test
    void flattenTakesPyTorchsChannelMajorOrder() {
        // x[n,h,w,c] = 1000n + 100c + 10h + w → entry c·H·W + h·W + w, as view(N, -1) of the NCHW tensor
        INDArray x = Nd4j.create(DataType.DOUBLE, 2, 3, 2, 4);
        for (int n = 0; n < 2; n++) for (int h = 0; h < 3; h++) for (int w = 0; w < 2; w++) for (int c = 0; c < 4; c++) {
            x.putScalar(new long[] {n, h, w, c}, 1000 * n + 100 * c + 10 * h + w);
        }
        INDArray y = new Flatten().forward(x, Mode.INFER);
        assertArrayEquals(new long[] {2, 24}, y.shape());
        for (int n = 0; n < 2; n++) for (int h = 0; h < 3; h++) for (int w = 0; w < 2; w++) for (int c = 0; c < 4; c++) {
            assertEquals(1000 * n + 100 * c + 10 * h + w, y.getDouble(n, c * 6 + h * 2 + w), 0.0);
        }
    }

    @Test
    void biasFreeConvHasTheWeightAsItsOnlyParameter() {
        Conv2d c = Conv2d.withoutBias("c", 3, 2, 4, 2, 1, init());
        assertEquals(List.of("c.weight"), c.params().stream().map(Param::name).toList());
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 6, 4, 3);
        try (INDArray y = c.forward(x, Mode.INFER); INDArray zero = Nd4j.zeros(DataType.DOUBLE, 2);
             INDArray ref = NativeOps.conv2d(x, c.params().get(0).value(), zero, 2, 1)) {
            assertArrayEquals(new long[] {1, 3, 2, 2}, y.shape());
            assertEquals(ref, y);
        }
    }

    @Test void bilinearUpsample() { GradientCheck.check(new BilinearUpsample(), new long[] {2, 3, 4, 2}, 35); }
    @Test void bilinearUpsampleOfOnePixel() { GradientCheck.check(new BilinearUpsample(), new long[] {1, 1, 2, 3}, 36); }

    private static SpectralNormConv2d spectral(int in, int out, int k, int stride, int pad, boolean bias) {
        return new SpectralNormConv2d("sn", in, out, k, stride, pad, bias, init());
    }

    @Test
    void bilinearUpsampleMatchesLibnd4jsHalfPixelResize() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 5, 3, 4);
        INDArray mine = new BilinearUpsample().forward(x, Mode.INFER);
        INDArray theirs = NativeOps.resizeBilinear(x, 10, 6);
        assertTrue(mine.sub(theirs).amaxNumber().doubleValue() < 1e-6, "differs from resize_bilinear with half-pixel centres");
    }

    /** The FLOAT kernel against the DOUBLE path the gradient checks cover, forward and backward, at sizes down to one pixel. */
    @Test
    void bilinearUpsamplesFloatKernelEqualsTheDoublePath() {
        long[][] shapes = {{2, 3, 4, 2}, {1, 1, 1, 3}, {1, 1, 2, 3}, {2, 5, 3, 64}, {1, 4, 1, 5},
                {2, 40, 40, 64}}; // the last spans several parallel chunks
        for (long[] shape : shapes) {
            long seed = shape[1] * 7 + shape[3];
            INDArray x = SeededArrays.uniform(seed, DataType.DOUBLE, shape).subi(0.5);
            INDArray g = SeededArrays.uniform(seed + 1, DataType.DOUBLE, shape[0], 2 * shape[1], 2 * shape[2], shape[3]).subi(0.5);
            BilinearUpsample up = new BilinearUpsample();
            INDArray y = up.forward(x.castTo(DataType.FLOAT), Mode.INFER);
            assertEquals(DataType.FLOAT, y.dataType());
            assertTrue(y.castTo(DataType.DOUBLE).sub(up.forward(x, Mode.INFER)).amaxNumber().doubleValue() < 1e-6, "forward " + java.util.Arrays.toString(shape));
            INDArray dx = up.backward(g.castTo(DataType.FLOAT));
            assertArrayEquals(shape, dx.shape());
            assertTrue(dx.castTo(DataType.DOUBLE).sub(up.backward(g)).amaxNumber().doubleValue() < 4e-6, "backward " + java.util.Arrays.toString(shape));
        }
        // a view of a larger map, as a skip connection may hand over
        INDArray big = SeededArrays.uniform(1, DataType.FLOAT, 2, 6, 7, 4);
        INDArray view = big.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4), NDArrayIndex.interval(2, 7), NDArrayIndex.all());
        BilinearUpsample up = new BilinearUpsample();
        assertEquals(up.forward(view.dup('c'), Mode.INFER), up.forward(view, Mode.INFER));
        INDArray gBig = SeededArrays.uniform(2, DataType.FLOAT, 2, 6, 12, 4);
        INDArray gView = gBig.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(1, 11), NDArrayIndex.all());
        assertEquals(up.backward(gView.dup('c')), up.backward(gView));
    }

    @Test
    void spectralNormDividesByTheLargestSingularValue() {
        SpectralNormConv2d sn = spectral(3, 5, 3, 1, 1, false);
        INDArray w = sn.params().get(0).value();
        // σ_max of W as a [k·k·in, out] matrix, by a long power iteration in plain doubles (independent of the layer's)
        double[][] m = new double[27][5];
        for (int r = 0; r < 27; r++) for (int c = 0; c < 5; c++) m[r][c] = w.getDouble(r / 9, (r / 3) % 3, r % 3, c);
        double[] u = {1, 1, 1, 1, 1};
        double sigma = 0;
        for (int it = 0; it < 500; it++) {
            double[] v = new double[27];
            for (int r = 0; r < 27; r++) for (int c = 0; c < 5; c++) v[r] += m[r][c] * u[c];
            double[] nu = new double[5];
            for (int c = 0; c < 5; c++) for (int r = 0; r < 27; r++) nu[c] += m[r][c] * v[r];
            double n = Math.sqrt(java.util.Arrays.stream(nu).map(a -> a * a).sum());
            sigma = Math.sqrt(n);
            for (int c = 0; c < 5; c++) u[c] = nu[c] / n;
        }
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 4, 4, 3);
        for (int i = 0; i < 400; i++) { // power iterations, one per TRAIN forward
            sn.forward(x, Mode.TRAIN).close();
            sn.backward(Nd4j.zeros(DataType.DOUBLE, 1, 4, 4, 5)).close();
        }
        // without a bias, conv(x, W/σ) is conv(x, W)/σ
        Conv2d plain = Conv2d.trainable("p", w.dup(), Nd4j.zeros(DataType.DOUBLE, 5), 1);
        INDArray expected = plain.forward(x, Mode.INFER).divi(sigma);
        INDArray actual = sn.forward(x, Mode.INFER);
        assertEquals(sigma, sn.sigma(), 1e-9 * sigma);
        assertTrue(expected.sub(actual).amaxNumber().doubleValue() < 1e-8 * (1 + expected.amaxNumber().doubleValue()),
                "normalised by σ_max = " + sigma + ", the layer's σ " + sn.sigma() + ", max diff " + expected.sub(actual).amaxNumber());
    }

    @Test void maxPool2x2ValidDropsTheOddEdge() { GradientCheck.check(new MaxPool2d("p", 2, 2, false), new long[] {1, 7, 5, 2}, 17); }
    @Test void maxPool2x2SameKeepsTheOddEdge() { GradientCheck.check(new MaxPool2d("p", 2, 2, true), new long[] {1, 7, 5, 2}, 18); }
    @Test void maxPool3x3Stride2Overlapping() { GradientCheck.check(new MaxPool2d("p", 3, 2, false), new long[] {2, 7, 6, 2}, 19); }
    @Test void frozenConv() { GradientCheck.check(frozenConv(3, 3, 4), new long[] {2, 5, 4, 3}, 20); }
    @Test void frozenConv1x1() { GradientCheck.check(frozenConv(1, 3, 3), new long[] {2, 3, 4, 3}, 27); }

    @Test void conv3x3Stride2InputGradientOnly() { GradientCheck.checkInputOnly(new Conv2d("c", 2, 3, 3, 2, init()), new long[] {2, 7, 6, 2}, 22); }
    @Test void conv3x3Stride2EvenInputGradientOnly() { GradientCheck.checkInputOnly(new Conv2d("c", 2, 3, 3, 2, init()), new long[] {1, 8, 6, 2}, 23); }

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
