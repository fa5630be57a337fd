package io.srgan.core.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Pixel losses against values computed by hand for sr = [0.5, 0.0, 1.0, 0.25], hr = [0.0, 0.0, 0.5, 1.0]. */
class PixelLossTest {
    private static final INDArray SR = Nd4j.create(new double[] {0.5, 0.0, 1.0, 0.25}, new long[] {1, 1, 2, 2}, DataType.DOUBLE);
    private static final INDArray HR = Nd4j.create(new double[] {0.0, 0.0, 0.5, 1.0}, new long[] {1, 1, 2, 2}, DataType.DOUBLE);

    @Test
    void l1() {
        LossResult r = PixelLoss.byName("l1").compute(SR, HR);
        assertEquals((0.5 + 0 + 0.5 + 0.75) / 4, r.value(), 1e-12);
        assertArrayEquals(new double[] {0.25, 0, 0.25, -0.25}, r.grad().data().asDouble(), 1e-12);
    }

    @Test
    void mse() {
        LossResult r = PixelLoss.byName("mse").compute(SR, HR);
        assertEquals((0.25 + 0 + 0.25 + 0.5625) / 4, r.value(), 1e-12);
        assertArrayEquals(new double[] {0.25, 0, 0.25, -0.375}, r.grad().data().asDouble(), 1e-12);
    }

    @Test
    void charbonnier() {
        double e = 1e-3;
        LossResult r = PixelLoss.byName("charbonnier").compute(SR, HR);
        double expected = (Math.sqrt(0.25 + e * e) * 2 + e + Math.sqrt(0.5625 + e * e)) / 4;
        assertEquals(expected, r.value(), 1e-12);
        assertEquals(0.5 / Math.sqrt(0.25 + e * e) / 4, r.grad().getDouble(0), 1e-12);
        assertEquals(0.0, r.grad().getDouble(1), 1e-12);
        assertEquals(-0.75 / Math.sqrt(0.5625 + e * e) / 4, r.grad().getDouble(3), 1e-12);
    }

    @Test
    void unknownNameListsKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PixelLoss.byName("l3"));
        assertEquals("unknown pixel loss 'l3'; known: l1, mse, charbonnier", e.getMessage());
    }
}
