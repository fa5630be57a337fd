package io.srgan.core.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.util.SeededArrays;
import io.srgan.core.util.UnfilledArrays;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * libnd4j's own loops (the build without oneDNN that the README offers for CPUs without AVX-512, or
 * a helper that declines a shape) get NativeOps' outputs from {@link UnfilledArrays}, which the
 * tests fill with NaN. Some of those loops add into their output (col2im, pooling's backward) and
 * are right only because the op zeroes it first; each op here runs with the oneDNN helpers off, in
 * FLOAT, and must match its DOUBLE run (ND4J's own zeroed arrays, libnd4j's generic code).
 * Shapes leave input rows and columns that no window reaches (stride 2, no padding, odd remainders):
 * their gradients must come out 0, not what the memory held.
 */
class NativeOpsWithoutHelpersTest {

    @Test
    void everyOpWritesItsWholeOutputWithTheHelpersOff() {
        INDArray x = SeededArrays.normal(1, DataType.DOUBLE, 2, 10, 9, 5);
        INDArray w = SeededArrays.normal(2, DataType.DOUBLE, 3, 3, 5, 4);
        INDArray b = SeededArrays.normal(3, DataType.DOUBLE, 4);
        INDArray g = SeededArrays.normal(4, DataType.DOUBLE, 2, 4, 4, 4); // conv 10x9, k3, s2, p0 -> 4x4
        INDArray wt = SeededArrays.normal(5, DataType.DOUBLE, 3, 3, 4, 5); // transposed: [k,k,out,in]
        INDArray gt = SeededArrays.normal(6, DataType.DOUBLE, 2, 21, 19, 4); // deconv 10x9, k3, s2, p0 -> 21x19
        INDArray gp = SeededArrays.normal(7, DataType.DOUBLE, 2, 4, 4, 5); // maxpool 10x9, k3, s2, valid -> 4x4

        check("conv2d", t -> NativeOps.conv2d(x.castTo(t), w.castTo(t), b.castTo(t), 2, 0));
        for (int i = 0; i < 3; i++) {
            int out = i;
            check("conv2d_bp output " + i, t -> NativeOps.conv2dBackward(x.castTo(t), w.castTo(t), b.castTo(t), g.castTo(t), 2, 0)[out]);
        }
        check("deconv2d", t -> NativeOps.deconv2d(x.castTo(t), wt.castTo(t), b.castTo(t), 2, 0));
        for (int i = 0; i < 3; i++) {
            int out = i;
            check("deconv2d_bp output " + i, t -> NativeOps.deconv2dBackward(x.castTo(t), wt.castTo(t), b.castTo(t), gt.castTo(t), 2, 0)[out]);
        }
        check("maxpool2d", t -> NativeOps.maxPool2d(x.castTo(t), 3, 2, false));
        check("maxpool2d_bp", t -> NativeOps.maxPool2dBackward(x.castTo(t), gp.castTo(t), 3, 2, false));
        check("resize_bilinear", t -> NativeOps.resizeBilinear(x.castTo(t), 17, 13));
    }

    private static void check(String op, Function<DataType, INDArray> run) {
        INDArray reference = run.apply(DataType.DOUBLE);
        INDArray got;
        Nd4j.getEnvironment().allowHelpers(false);
        try {
            got = run.apply(DataType.FLOAT);
        } finally {
            Nd4j.getEnvironment().allowHelpers(true);
        }
        assertTrue(UnfilledArrays.isUnfilled(got), op + ": the output is unfilled memory");
        double[] want = reference.dup('c').data().asDouble();
        double[] have = got.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double scale = 1;
        for (double v : want) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < want.length; i++) {
            // a NaN fails the comparison too: an element the op never wrote
            assertTrue(Math.abs(have[i] - want[i]) <= 1e-5 * scale, op + ": element " + i + " is " + have[i] + ", DOUBLE gives " + want[i]);
        }
    }
}
