package io.srgan.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.util.SeededArrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The branch-free kernels against libnd4j's own ops and a basic-op formulation, on maps large enough
 * to be split across threads, with a channel count that does not divide the chunk size (the gradient
 * checks cover small maps).
 */
class PointwiseKernelsTest {
    private static final long[] SHAPE = {3, 61, 37, 20}; // 135 420 elements: three chunks, 20 channels

    private long nextSeed;

    @BeforeEach
    void seed() {
        nextSeed = 42;
    }

    /** Standard normal, the same every run ({@link SeededArrays}): each draw of a test from the next seed. */
    private INDArray randn(DataType type, long... shape) {
        return SeededArrays.normal(nextSeed++, type, shape);
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT", "DOUBLE"})
    void leakyReluEqualsLibnd4j(DataType type) {
        INDArray x = randn(type, SHAPE);
        for (double alpha : new double[] {0.0, 0.1, 0.2}) {
            INDArray ours = PointwiseKernels.leakyRelu(x, alpha);
            INDArray reference = LibNd4jReference.leakyRelu(x, alpha);
            // ReLU gives −0 where libnd4j gives +0: equal as numbers
            assertSameUpToAlphaRounding(reference, ours, "alpha " + alpha);
            INDArray g = randn(type, SHAPE);
            assertSameUpToAlphaRounding(LibNd4jReference.leakyReluBackward(x, g, alpha),
                    PointwiseKernels.leakyReluBackward(x, g, alpha), "backward, alpha " + alpha);
            // the forward's output carries the same sign bits, so a backward may use it instead
            assertArrayEquals(PointwiseKernels.leakyReluBackward(x, g, alpha).data().asDouble(),
                    PointwiseKernels.leakyReluBackward(ours, g, alpha).data().asDouble(), 0.0, "backward from output, alpha " + alpha);
        }
    }

    /**
     * FLOAT maps with α > 0 run on oneDNN's eltwise kernels: the Java loops' values, special values
     * and both sign sources included, in place too; a NaN sign source passes g or α·g (the loops: NaN).
     */
    @Test
    void oneDnnLeakyReluGivesTheJavaLoopsBits() {
        Assumptions.assumeTrue(Dnnl.UNAVAILABLE == null, Dnnl.UNAVAILABLE);
        assertFalse(DnnlEltwise.applies(Nd4j.scalar(0f), 0.0), "ReLU stays a Java loop: oneDNN's max(x, 0) turns NaN into 0");
        INDArray x = randn(DataType.FLOAT, SHAPE);
        INDArray g = randn(DataType.FLOAT, SHAPE);
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.NaN,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -Float.MAX_VALUE};
        for (int i = 0; i < special.length; i++) {
            x.data().put(i, special[i]); // through Java: a native cast may flush subnormals
            x.data().put(x.length() - 1 - i, special[i]);
            g.data().put(2L * i, special[i]);
        }
        for (double alpha : new double[] {0.1, 0.2, 1e-30}) {
            assertTrue(DnnlEltwise.applies(x, alpha));
            INDArray expected = Nd4j.createUninitialized(DataType.FLOAT, SHAPE);
            PointwiseKernels.javaLeakyRelu(x, expected, alpha);
            INDArray y = Nd4j.createUninitialized(DataType.FLOAT, SHAPE);
            DnnlEltwise.leakyRelu(x, y, (float) alpha);
            assertSameBits(expected, y, "forward, alpha " + alpha);
            for (INDArray signSource : new INDArray[] {x, y}) {
                INDArray expectedGrad = Nd4j.createUninitialized(DataType.FLOAT, SHAPE);
                PointwiseKernels.javaLeakyReluBackward(signSource, g, expectedGrad, alpha);
                INDArray inPlace = g.dup();
                DnnlEltwise.leakyReluBackward(signSource, inPlace, inPlace, (float) alpha);
                for (long i = 0; i < x.length(); i++) {
                    if (!Float.isNaN(signSource.getFloat(i))) continue;
                    float gi = g.getFloat(i), got = inPlace.getFloat(i);
                    assertTrue(got == gi || got == gi * (float) alpha, "at the NaN " + i + ": " + got + " for g " + gi);
                    expectedGrad.putScalar(i, got);
                }
                assertSameBits(expectedGrad, inPlace, "backward from the " + (signSource == x ? "input" : "output") + ", alpha " + alpha);
            }
            INDArray inPlace = x.dup();
            DnnlEltwise.leakyRelu(inPlace, inPlace, (float) alpha);
            assertSameBits(expected, inPlace, "forward in place, alpha " + alpha);
        }
    }

    /** The layer's FLOAT leaky ReLU goes to oneDNN (its primitives are then kept); ReLU and DOUBLE stay Java loops. */
    @Test
    void leakyReluLayersDispatchToOneDnnForFloatSlopes() {
        Assumptions.assumeTrue(Dnnl.UNAVAILABLE == null, Dnnl.UNAVAILABLE);
        long[] shape = {1, 3, 5, 11}; // 165 elements, at an unusual slope: no other test made these
        double alpha = 0.37;
        new LeakyRelu("a", 0.0).forward(randn(DataType.FLOAT, shape), Mode.INFER);
        new LeakyRelu("b", alpha).forward(randn(DataType.DOUBLE, shape), Mode.INFER);
        assertFalse(DnnlEltwise.cached(165, 0.0) || DnnlEltwise.cached(165, alpha), "ReLU and DOUBLE maps stay Java loops");
        LeakyRelu layer = new LeakyRelu("c", alpha);
        INDArray x = randn(DataType.FLOAT, shape);
        INDArray y = layer.forward(x, Mode.TRAIN);
        assertTrue(DnnlEltwise.cached(165, alpha), "a FLOAT leaky ReLU runs on oneDNN");
        INDArray expected = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        PointwiseKernels.javaLeakyRelu(x, expected, alpha);
        assertSameBits(expected, y, "layer forward");
        INDArray g = randn(DataType.FLOAT, shape);
        INDArray expectedGrad = Nd4j.createUninitialized(DataType.FLOAT, shape);
        PointwiseKernels.javaLeakyReluBackward(x, g, expectedGrad, alpha);
        assertSameBits(expectedGrad, layer.backward(g), "layer backward");
    }

    private static void assertSameBits(INDArray expected, INDArray actual, String what) {
        float[] e = expected.data().asFloat(), a = actual.data().asFloat();
        for (int i = 0; i < e.length; i++) {
            if (Float.floatToIntBits(e[i]) != Float.floatToIntBits(a[i])) { // one NaN for all NaNs
                throw new AssertionError(what + " at " + i + ": expected " + e[i] + ", got " + a[i]);
            }
        }
    }

    /**
     * libnd4j takes α as a float even for DOUBLE maps (relative error 1.5e-8 at α = 0.1), and for
     * FLOAT maps multiplies by it in double before rounding; here α has the map's type (as PyTorch).
     */
    private static void assertSameUpToAlphaRounding(INDArray reference, INDArray ours, String what) {
        double[] r = reference.data().asDouble(), o = ours.data().asDouble();
        for (int i = 0; i < r.length; i++) {
            double tolerance = ours.dataType() == DataType.FLOAT ? Math.ulp((float) r[i]) : 2e-8 * Math.abs(r[i]);
            assertEquals(r[i], o[i], tolerance, what + " at " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT", "DOUBLE"})
    void preluEqualsBasicOps(DataType type) {
        INDArray x = randn(type, SHAPE);
        INDArray g = randn(type, SHAPE);
        INDArray slopes = Nd4j.linspace(-0.3, 1.4, SHAPE[3], type); // negative and > 1 slopes too
        INDArray negative = Transforms.min(x, 0.0, true);
        INDArray positiveMask = x.gt(0.0).castTo(type);
        INDArray rowsNegative = negative.reshape(-1, SHAPE[3]);

        INDArray expected = Transforms.max(x, 0.0, true).addi(rowsNegative.mulRowVector(slopes).reshape(SHAPE));
        assertArrayEquals(expected.data().asDouble(), PointwiseKernels.prelu(x, slopes).data().asDouble(), 0.0);

        INDArray slopeGrad = Nd4j.ones(type, SHAPE[3]);
        INDArray dx = PointwiseKernels.preluBackward(x, g, slopes, slopeGrad);
        INDArray expectedDx = positiveMask.rsub(1.0).reshape(-1, SHAPE[3]).mulRowVector(slopes).reshape(SHAPE).addi(positiveMask).muli(g);
        assertArrayEquals(expectedDx.data().asDouble(), dx.data().asDouble(), 0.0);
        INDArray expectedSlopeGrad = negative.mul(g).reshape(-1, SHAPE[3]).castTo(DataType.DOUBLE).sum(0).addi(1.0);
        double tolerance = type == DataType.FLOAT ? 1e-3 : 1e-9; // float sums in another order
        assertArrayEquals(expectedSlopeGrad.toDoubleVector(), slopeGrad.toDoubleVector(), tolerance);
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT", "DOUBLE"})
    void viewsAreReadThroughACopy(DataType type) {
        INDArray big = randn(type, 4, 8, 8, 6);
        INDArray view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3));
        INDArray ours = PointwiseKernels.leakyRelu(view, 0.1);
        assertEquals(LibNd4jReference.leakyRelu(view.dup(), 0.1), ours);
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT", "DOUBLE"})
    void inPlaceLeakyReluGivesTheSameForwardAndBackward(DataType type) {
        INDArray x = randn(type, SHAPE);
        INDArray g = randn(type, SHAPE);
        LeakyRelu outOfPlace = new LeakyRelu("a", 0.2);
        INDArray y = outOfPlace.forward(x, Mode.TRAIN);
        INDArray dx = outOfPlace.backward(g);

        LeakyRelu inPlace = new LeakyRelu("b", 0.2);
        INDArray owned = x.dup();
        INDArray yInPlace = inPlace.forwardInPlace(owned, Mode.TRAIN);
        assertEquals(owned, yInPlace);
        org.junit.jupiter.api.Assertions.assertSame(owned, yInPlace, "wrote over its input");
        assertEquals(y, yInPlace);
        INDArray ownedGrad = g.dup();
        INDArray dxInPlace = inPlace.backwardInPlace(ownedGrad);
        org.junit.jupiter.api.Assertions.assertSame(ownedGrad, dxInPlace, "wrote over the gradient");
        assertEquals(dx, dxInPlace);
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT", "DOUBLE"})
    void inPlacePreluBackwardGivesTheSameGradients(DataType type) {
        INDArray x = randn(type, SHAPE);
        INDArray g = randn(type, SHAPE);
        INDArray slopes = Nd4j.linspace(-0.3, 1.4, SHAPE[3], type);
        INDArray slopeGrad = Nd4j.zeros(type, SHAPE[3]);
        INDArray dx = PointwiseKernels.preluBackward(x, g, slopes, slopeGrad);
        INDArray owned = g.dup();
        INDArray slopeGradInPlace = Nd4j.zeros(type, SHAPE[3]);
        PointwiseKernels.preluBackward(x, owned, owned, slopes, slopeGradInPlace);
        assertEquals(dx, owned);
        assertEquals(slopeGrad, slopeGradInPlace);
    }

    /** More channels than a float kernel's block (4096): one row per block. */
    @Test
    void preluWithMoreChannelsThanABlock() {
        long[] shape = {2, 3, 2, 5000};
        INDArray x = randn(DataType.FLOAT, shape);
        INDArray g = randn(DataType.FLOAT, shape);
        INDArray slopes = SeededArrays.uniform(nextSeed++, DataType.FLOAT, shape[3]);
        INDArray rows = x.reshape(-1, shape[3]);
        INDArray expected = Transforms.max(rows, 0.0, true).addi(Transforms.min(rows, 0.0, true).mulRowVector(slopes));
        assertArrayEquals(expected.data().asDouble(), PointwiseKernels.prelu(x, slopes).data().asDouble(), 0.0);
        INDArray slopeGrad = Nd4j.zeros(DataType.FLOAT, shape[3]);
        PointwiseKernels.preluBackward(x, g, slopes, slopeGrad);
        INDArray expectedSlopeGrad = Transforms.min(rows, 0.0, true).muli(g.reshape(-1, shape[3])).sum(0);
        assertArrayEquals(expectedSlopeGrad.toDoubleVector(), slopeGrad.toDoubleVector(), 1e-5);
    }

    /** As PyTorch (x > 0 picks the slope 1): the gradient at +0 and −0 is α; the smallest positive subnormal counts as positive. */
    @ParameterizedTest
    @EnumSource(names = {"FLOAT", "DOUBLE"})
    void slopeAtZeroAndAtTheSmallestPositiveIsAsPyTorch(DataType type) {
        // built in Java, not cast natively (which may flush subnormals to zero)
        INDArray x = (type == DataType.FLOAT
                ? Nd4j.createFromArray(0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 3f, -3f)
                : Nd4j.createFromArray(0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 3.0, -3.0)).reshape(1, 1, 6, 1);
        INDArray g = Nd4j.ones(type, 1, 1, 6, 1);
        double[] expected = {0.2, 0.2, 1, 0.2, 1, 0.2};
        assertArrayEquals(expected, PointwiseKernels.leakyReluBackward(x, g, 0.2).data().asDouble(), 1e-7);
        INDArray slopes = Nd4j.valueArrayOf(new long[] {1}, 0.2, type);
        assertArrayEquals(expected, PointwiseKernels.preluBackward(x, g, slopes, null).data().asDouble(), 1e-7);
    }

    @Test
    void positiveIsAnExactStepFunction() {
        assertEquals(1f, KernelSupport.positive(Float.MIN_VALUE));
        assertEquals(1f, KernelSupport.positive(Float.MAX_VALUE));
        assertEquals(1f, KernelSupport.positive(Float.POSITIVE_INFINITY));
        assertEquals(0f, KernelSupport.positive(0f));
        assertEquals(0f, KernelSupport.positive(-0f));
        assertEquals(0f, KernelSupport.positive(-Float.MIN_VALUE));
        assertEquals(0f, KernelSupport.positive(Float.NEGATIVE_INFINITY));
    }
}
