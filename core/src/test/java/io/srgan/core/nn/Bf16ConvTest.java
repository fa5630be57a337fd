package io.srgan.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.srgan.core.util.SeededArrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Convolutions in a {@link Bf16Scope} ({@link DnnlConv}, oneDNN 2.5) against an independent reference:
 * libnd4j's fp32 convolution of the inputs and weights rounded to bf16 (ND4J's cast). bf16 products
 * summed in fp32 must equal it to fp32 summation order, and differ from plain fp32 by bf16's rounding.
 */
class Bf16ConvTest {
    @BeforeAll
    static void needsBf16() {
        // These machines (AMD EPYC) have AVX512_BF16; elsewhere Bf16ModelTest's child JVM covers the fallback.
        assumeTrue(Bf16Scope.unavailable() == null, "bf16 convolutions unavailable here: " + Bf16Scope.unavailable());
    }

    static Stream<Arguments> shapes() {
        return Stream.of( // n, h, w, cin, cout, k, stride, pad
                Arguments.of(2, 9, 11, 5, 7, 3, 1, 1),
                Arguments.of(1, 16, 16, 64, 64, 3, 1, 1),
                Arguments.of(2, 10, 9, 8, 16, 3, 2, 1),   // strided, odd size: oneDNN's right padding is 0 here
                Arguments.of(1, 7, 6, 16, 32, 1, 1, 0),
                Arguments.of(1, 12, 12, 8, 8, 5, 1, 2),
                Arguments.of(2, 8, 8, 3, 32, 3, 1, 1),    // a generator's first layer
                Arguments.of(2, 8, 8, 32, 3, 3, 1, 1),    // and its last
                Arguments.of(1, 9, 9, 16, 16, 3, 1, 0),   // unpadded: the output shrinks
                Arguments.of(1, 1, 1, 4, 4, 3, 1, 1));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void equalsFp32OfTheBf16RoundedInputs(int n, int h, int w, int cin, int cout, int k, int stride, int pad) {
        long seed = h * 31L + cin;
        INDArray x = SeededArrays.uniform(seed, DataType.FLOAT, n, h, w, cin).subi(0.5);
        INDArray wt = SeededArrays.uniform(seed + 1, DataType.FLOAT, k, k, cin, cout).subi(0.5);
        INDArray b = SeededArrays.uniform(seed + 2, DataType.FLOAT, cout);
        assertMatchesReference(x, wt, b, stride, pad);
    }

    @Test
    void viewsAreReadAtTheirOffsetAndStrides() {
        INDArray big = SeededArrays.uniform(3, DataType.FLOAT, 3, 12, 13, 10).subi(0.5);
        INDArray x = big.get(NDArrayIndex.interval(1, 3), NDArrayIndex.interval(2, 11), NDArrayIndex.interval(1, 12), NDArrayIndex.interval(2, 8));
        INDArray weights = SeededArrays.uniform(4, DataType.FLOAT, 2, 3, 3, 6, 5).subi(0.5);
        INDArray wt = weights.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray b = SeededArrays.uniform(5, DataType.FLOAT, 2, 5).getRow(1);
        assertMatchesReference(x, wt, b, 1, 1);
    }

    @Test
    void aScopeIsClosedByItsThreadAndMismatchedShapesAreRefused() throws Exception {
        Bf16Scope scope = Bf16Scope.open();
        Thread other = new Thread(() -> assertThrows(IllegalStateException.class, scope::close));
        other.start();
        other.join();
        assertTrue(Bf16Scope.active(), "still open on its own thread");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NativeOps.conv2d(Nd4j.rand(DataType.FLOAT, 1, 4, 4, 3), Nd4j.rand(DataType.FLOAT, 3, 3, 5, 2), Nd4j.rand(DataType.FLOAT, 2), 1, 1));
        assertTrue(e.getMessage().contains("[1, 4, 4, 3]") && e.getMessage().contains("[3, 3, 5, 2]"), e.getMessage());
        scope.close();
        assertTrue(!Bf16Scope.active());
    }

    @Test
    void outsideAScopeConvolutionsStayFp32() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 6, 6, 8);
        INDArray wt = Nd4j.rand(DataType.FLOAT, 3, 3, 8, 8);
        INDArray b = Nd4j.zeros(DataType.FLOAT, 8);
        INDArray before = NativeOps.conv2d(x, wt, b, 1, 1);
        try (Bf16Scope outer = Bf16Scope.open()) {
            try (Bf16Scope inner = Bf16Scope.open()) {
                assertTrue(Bf16Scope.active());
            }
            assertTrue(Bf16Scope.active(), "scopes nest");
            outer.close();
            assertTrue(!Bf16Scope.active());
        } // closing twice is harmless
        assertTrue(!Bf16Scope.active());
        assertEquals(before, NativeOps.conv2d(x, wt, b, 1, 1));
    }

    @Test
    void moreShapesThanTheCacheHoldsAndInsideAWorkspace() {
        INDArray wt = Nd4j.rand(DataType.FLOAT, 3, 3, 2, 2);
        INDArray b = Nd4j.rand(DataType.FLOAT, 2);
        for (int h = 1; h <= DnnlConv.CACHED + 2; h++) {
            assertMatchesReference(Nd4j.rand(DataType.FLOAT, 1, h, 2, 2), wt, b, 1, 1);
        }
        assertEquals(DnnlConv.CACHED, DnnlConv.cachedShapes(), "the least recently used shapes were destroyed");
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 1, 2, 2); // the first shape again: rebuilt after its eviction
        INDArray expected = reference(x, wt, b, 1, 1);
        WorkspaceConfiguration config = WorkspaceConfiguration.builder().initialSize(1 << 20).build();
        INDArray y;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(config, "bf16-test");
             Bf16Scope scope = Bf16Scope.open()) {
            INDArray xIn = x.dup(); // in the workspace, as a model call's activations
            y = NativeOps.conv2d(xIn, wt, b, 1, 1).detach();
        }
        assertClose(expected, y, wt);
    }

    /** A model call's workspace frees nothing until the call ends: bf16 must not add its input copies there. */
    @Test
    void bf16AddsNothingToTheCallersWorkspace() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 32, 32, 16);
        INDArray wt = Nd4j.rand(DataType.FLOAT, 3, 3, 16, 16);
        INDArray b = Nd4j.rand(DataType.FLOAT, 16);
        assertEquals(workspaceBytes(x, wt, b, false), workspaceBytes(x, wt, b, true));
    }

    private static long workspaceBytes(INDArray x, INDArray wt, INDArray b, boolean bf16) {
        WorkspaceConfiguration config = WorkspaceConfiguration.builder().initialSize(64 << 20).build();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(config, "bf16-size-" + bf16);
             Bf16Scope scope = bf16 ? Bf16Scope.open() : null) {
            INDArray h = x;
            for (int i = 0; i < 5; i++) h = NativeOps.conv2d(h, wt, b, 1, 1);
            return ws.getThisCycleAllocations();
        }
    }

    @Test
    void threadsRunTheSameShapeAtOnce() throws Exception {
        INDArray wt = Nd4j.rand(DataType.FLOAT, 3, 3, 16, 16).subi(0.5);
        INDArray b = Nd4j.rand(DataType.FLOAT, 16);
        INDArray[] xs = new INDArray[4];
        INDArray[] expected = new INDArray[4];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = Nd4j.rand(DataType.FLOAT, 2, 24, 24, 16).subi(0.5);
            try (Bf16Scope scope = Bf16Scope.open()) {
                expected[i] = NativeOps.conv2d(xs[i], wt, b, 1, 1);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                @SuppressWarnings("unchecked") Future<INDArray>[] f = new Future[xs.length];
                for (int i = 0; i < xs.length; i++) {
                    INDArray x = xs[i];
                    f[i] = pool.submit(() -> {
                        try (Bf16Scope scope = Bf16Scope.open()) {
                            return NativeOps.conv2d(x, wt, b, 1, 1);
                        }
                    });
                }
                for (int i = 0; i < xs.length; i++) assertArrayEquals(expected[i].data().asFloat(), f[i].get().data().asFloat(), "input " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertMatchesReference(INDArray x, INDArray wt, INDArray b, int stride, int pad) {
        INDArray fp32 = NativeOps.conv2d(x.dup('c'), wt.dup('c'), b, stride, pad); // libnd4j's conv2d misreads some 4-d views
        INDArray y;
        try (Bf16Scope scope = Bf16Scope.open()) {
            y = NativeOps.conv2d(x, wt, b, stride, pad);
        }
        INDArray expected = reference(x, wt, b, stride, pad);
        assertClose(expected, y, wt);
        double scale = fp32.amaxNumber().doubleValue();
        double fromFp32 = y.sub(fp32).amaxNumber().doubleValue();
        assertTrue(fromFp32 > 1e-5 * scale, "the products were not rounded to bf16: " + fromFp32 + " from fp32's");
    }

    /** libnd4j's fp32 convolution of x and w rounded to bf16: what bf16 products summed in fp32 give. */
    private static INDArray reference(INDArray x, INDArray wt, INDArray b, int stride, int pad) {
        return NativeOps.conv2d(bf16(x), bf16(wt), b, stride, pad);
    }

    private static INDArray bf16(INDArray a) {
        return a.castTo(DataType.BFLOAT16).castTo(DataType.FLOAT);
    }

    /** Equal to fp32 summation order: a few float roundings of sums of k²·Cin products. */
    private static void assertClose(INDArray expected, INDArray actual, INDArray wt) {
        assertArrayEquals(expected.shape(), actual.shape());
        double scale = expected.amaxNumber().doubleValue() + 1e-3;
        double diff = actual.sub(expected).amaxNumber().doubleValue();
        long terms = wt.size(0) * wt.size(1) * wt.size(2);
        assertTrue(diff <= 2e-7 * scale * Math.sqrt(terms), "max difference " + diff + " at scale " + scale + " over " + terms + " terms");
    }
}
