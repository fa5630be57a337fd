package io.srgan.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class UnfilledArraysTest {

    @Test
    void aFloatArrayOutsideWorkspacesIsMallocdAlignedAndComputesAsNd4jsOwn() {
        INDArray a = SeededArrays.normal(1, DataType.FLOAT, 4, 6, 5);
        INDArray b = SeededArrays.normal(2, DataType.FLOAT, 4, 5, 3);
        try (INDArray u = UnfilledArrays.create(DataType.FLOAT, 4, 6, 5); INDArray v = UnfilledArrays.create(DataType.FLOAT, 4, 5, 3)) {
            assertTrue(UnfilledArrays.isUnfilled(u));
            assertEquals(0, u.data().address() % 64, "cache-line aligned");
            assertEquals('c', u.ordering());
            assertEquals(java.util.Arrays.toString(new long[] {4, 6, 5}), java.util.Arrays.toString(u.shape()));
            u.assign(a);
            v.assign(b);
            assertEquals(a, u);
            // libnd4j ops read and write it like any array: a batched matmul, a strided view, a reduction
            try (INDArray ref = Nd4j.matmul(a, b); INDArray got = Nd4j.matmul(u, v)) {
                assertEquals(ref, got);
            }
            INDArray view = u.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4), NDArrayIndex.all());
            view.addi(1);
            assertEquals(a.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4), NDArrayIndex.all()).add(1), view);
            assertEquals(a.sumNumber().doubleValue() + 4 * 3 * 5, u.sumNumber().doubleValue(), 1e-3);
        }
    }

    @Test
    void testsSeeNewMemoryAsNaNSoThatReadingBeforeWritingFails() {
        assertTrue(Boolean.getBoolean("srgan.unfilled-arrays.poison"), "the build runs the tests with -Dsrgan.unfilled-arrays.poison=true");
        try (INDArray u = UnfilledArrays.create(DataType.FLOAT, 3, 7, 11)) {
            for (float f : u.data().asFloat()) assertTrue(Float.isNaN(f));
        }
    }

    @Test
    void insideAWorkspaceAndForOtherTypesTheArrayIsNd4jsOwn() {
        WorkspaceConfiguration config = WorkspaceConfiguration.builder().initialSize(1 << 20).build();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(config, "unfilled-arrays-test")) {
            INDArray inside = UnfilledArrays.create(DataType.FLOAT, 8, 8);
            assertFalse(UnfilledArrays.isUnfilled(inside));
            assertTrue(inside.isAttached(), "the step's workspace holds it");
        } finally {
            Nd4j.getWorkspaceManager().destroyWorkspace(Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread("unfilled-arrays-test"));
        }
        try (INDArray d = UnfilledArrays.create(DataType.DOUBLE, 8, 8)) {
            assertFalse(UnfilledArrays.isUnfilled(d));
            assertEquals(DataType.DOUBLE, d.dataType());
        }
    }

    @Test
    void closingFreesAtOnceAndAnArrayNeverClosedIsFreedWhenCollectedButNotWhileAViewLives() throws InterruptedException {
        long before = LiveNativeBytes.settled(); // what earlier tests left for the collector is freed first
        INDArray closed = UnfilledArrays.create(DataType.FLOAT, 1000, 1000);
        assertTrue(UnfilledArrays.liveBytes() >= before + 4_000_000);
        closed.close();
        assertEquals(before, UnfilledArrays.liveBytes(), "closed: freed");

        INDArray reshaped = dropOriginalKeepReshape();
        INDArray slice = dropOriginalKeepSlice();
        assertEquals(before + 2 * (4 * 250_000L + 63), LiveNativeBytes.settled(), "the views keep their buffers");
        assertEquals(7.0 * 250_000, reshaped.sumNumber().doubleValue(), 1e-6);
        assertEquals(7.0 * 100 * 500, slice.sumNumber().doubleValue(), 1e-6);

        reshaped = null;
        slice = null;
        assertTrue(collectUntil(() -> UnfilledArrays.liveBytes() - before, 50), "never closed: freed once collected");
    }

    private static INDArray dropOriginalKeepReshape() {
        INDArray a = UnfilledArrays.create(DataType.FLOAT, 500, 500).assign(7);
        return a.reshape(250, 1000);
    }

    private static INDArray dropOriginalKeepSlice() {
        INDArray a = UnfilledArrays.create(DataType.FLOAT, 500, 500).assign(7);
        return a.get(NDArrayIndex.interval(100, 200), NDArrayIndex.all());
    }

    /** GCs until the value is 0 (true), or gives up after that many rounds (false). */
    private static boolean collectUntil(LongSupplier value, int rounds) throws InterruptedException {
        for (int i = 0; i < rounds; i++) {
            if (i > 0 && value.getAsLong() == 0) return true;
            System.gc();
            Thread.sleep(20);
        }
        return value.getAsLong() == 0;
    }
}
