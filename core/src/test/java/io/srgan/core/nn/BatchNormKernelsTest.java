package io.srgan.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.util.SeededArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link BatchNorm} on maps large enough to be split across threads, against libnd4j's own
 * reductions, {@code batchnorm} and {@code batchnorm_bp} ops (the gradient checks cover small maps).
 */
class BatchNormKernelsTest {
    private static final long[] SHAPE = {3, 61, 37, 20}; // three chunks, 20 channels
    private static final int C = 20;

    @ParameterizedTest
    @EnumSource(names = {"FLOAT", "DOUBLE"})
    void trainingForwardBackwardAndRunningStatisticsMatchLibnd4j(DataType type) {
        double tol = type == DataType.FLOAT ? 2e-5 : 1e-9; // libnd4j's batchnorm_bp is good to ~1e-8 relative in DOUBLE
        INDArray x = SeededArrays.normal(7, type, SHAPE).muli(3).addi(1.5);
        INDArray g = SeededArrays.normal(8, type, SHAPE);
        BatchNorm bn = new BatchNorm("bn", C, new Init(1, type));
        bn.params().get(0).value().assign(Nd4j.linspace(0.5, 2.0, C, type)); // gamma
        bn.params().get(1).value().assign(Nd4j.linspace(-1.0, 1.0, C, type)); // beta
        INDArray gamma = bn.params().get(0).value().dup(), beta = bn.params().get(1).value().dup();

        INDArray rows = x.reshape(-1, C);
        INDArray mean = rows.mean(0), var = rows.var(false, 0);
        INDArray expectedY = x.ulike();
        Nd4j.exec(DynamicCustomOp.builder("batchnorm").addInputs(x, mean, var, gamma, beta).addOutputs(expectedY)
                .addIntegerArguments(1, 1, 3).addFloatingPointArguments(1e-5).build());
        INDArray dx = x.ulike(), dMean = mean.ulike(), dVar = var.ulike(), dGamma = gamma.ulike(), dBeta = beta.ulike();
        Nd4j.exec(DynamicCustomOp.builder("batchnorm_bp").addInputs(x, mean, var, gamma, beta, g)
                .addOutputs(dx, dMean, dVar, dGamma, dBeta).addIntegerArguments(1, 1, 3).addFloatingPointArguments(1e-5).build());

        INDArray y = bn.forward(x, Mode.TRAIN);
        assertArrayEquals(expectedY.data().asDouble(), y.data().asDouble(), tol * 10, "forward");
        INDArray ourDx = bn.backward(g);
        assertArrayEquals(dx.data().asDouble(), ourDx.data().asDouble(), tol * 10, "dx");
        assertArrayEquals(dGamma.toDoubleVector(), bn.params().get(0).grad().toDoubleVector(), tol * 1e4, "dgamma (a sum of 6.8k terms)");
        assertArrayEquals(dBeta.toDoubleVector(), bn.params().get(1).grad().toDoubleVector(), tol * 1e4, "dbeta");

        // running statistics as PyTorch: momentum 0.1, unbiased variance
        long m = x.length() / C;
        double[] expectedMean = mean.mul(0.1).toDoubleVector();
        double[] expectedVar = var.mul(0.1 * m / (m - 1.0)).addi(0.9).toDoubleVector();
        assertArrayEquals(expectedMean, bn.params().get(2).value().toDoubleVector(), tol);
        assertArrayEquals(expectedVar, bn.params().get(3).value().toDoubleVector(), tol * 10);

        // inference normalises with the running statistics, in place when allowed
        INDArray expectedInfer = x.ulike();
        Nd4j.exec(DynamicCustomOp.builder("batchnorm").addInputs(x, bn.params().get(2).value(), bn.params().get(3).value(), gamma, beta)
                .addOutputs(expectedInfer).addIntegerArguments(1, 1, 3).addFloatingPointArguments(1e-5).build());
        INDArray owned = x.dup();
        INDArray inferred = bn.forwardInPlace(owned, Mode.INFER);
        org.junit.jupiter.api.Assertions.assertSame(owned, inferred);
        assertArrayEquals(expectedInfer.data().asDouble(), inferred.data().asDouble(), tol * 10, "inference");
    }
    /**
     * A FLOAT map whose channels sit far from zero against their spread (a discriminator's deeper
     * maps after leaky ReLUs) normalises as DOUBLE does from the same values, to fp32 rounding.
     * Formed as x·scale + (β − μ·scale), with the mean summed as x and rounded to one float, this
     * was 7.7·10⁻⁴ off at 40 ± 0.01 (and vgg128's gradients below its 16² stage 10⁻² off DOUBLE's).
     */
    @ParameterizedTest
    @CsvSource({"0, 1", "4, 0.5", "40, 0.02"})
    void aFloatMapFarFromZeroNormalisesAsInDouble(double centre, double spread) {
        // both take the same (float) values
        INDArray x = SeededArrays.uniform(1, DataType.FLOAT, SHAPE).subi(0.5).muli(spread).addi(centre).castTo(DataType.DOUBLE);
        INDArray g = SeededArrays.uniform(2, DataType.FLOAT, SHAPE).subi(0.5).castTo(DataType.DOUBLE);
        BatchNorm reference = new BatchNorm("bn", C, new Init(1, DataType.DOUBLE)), bn = new BatchNorm("bn", C, new Init(1, DataType.FLOAT));
        INDArray expectedY = reference.forward(x, Mode.TRAIN), expectedDx = reference.backward(g);
        INDArray y = bn.forward(x.castTo(DataType.FLOAT), Mode.TRAIN), dx = bn.backward(g.castTo(DataType.FLOAT));
        assertWithin(expectedY, y, 1e-6, "forward");
        assertWithin(expectedDx, dx, 1e-6, "dx");
        assertWithin(reference.params().get(0).grad(), bn.params().get(0).grad(), 1e-6, "dgamma");
        assertWithin(reference.params().get(1).grad(), bn.params().get(1).grad(), 1e-6, "dbeta");
    }

    private static void assertWithin(INDArray expected, INDArray actual, double relative, String what) {
        double scale = expected.amaxNumber().doubleValue(), diff = expected.sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= relative * scale, what + " differs by " + diff + " (largest magnitude " + scale + ")");
    }
}
