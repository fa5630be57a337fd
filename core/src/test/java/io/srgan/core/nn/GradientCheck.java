package io.srgan.core.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Central finite differences against a layer's backward, in double precision. The scalar checked
 * is sum(layer(x) ⊙ r) for a fixed random r, so every output element contributes. Each call checks
 * a random sample of input and parameter entries.
 */
final class GradientCheck {
    private static final double EPS = 1e-6;
    private static final double MAX_RELATIVE_ERROR = 1e-5;
    private static final double ABS_TOLERANCE = 1e-8;

    private GradientCheck() {}

    static void check(Layer layer, long[] inputShape, long seed) {
        check(() -> layer, inputShape, seed, 40);
    }

    static void check(Supplier<Layer> layerSupplier, long[] inputShape, long seed, int samplesPerTensor) {
        Layer layer = layerSupplier.get();
        Random random = new Random(seed);
        INDArray x = Nd4j.rand(DataType.DOUBLE, inputShape).subi(0.5).muli(2);
        INDArray probe;
        try (INDArray y = layer.forward(x, Mode.TRAIN_NO_GRAD)) {
            probe = Nd4j.rand(DataType.DOUBLE, y.shape()).subi(0.5);
        }
        layer.params().stream().filter(Param::isTrainable).forEach(p -> p.grad().assign(0));
        INDArray y = layer.forward(x, Mode.TRAIN);
        INDArray dx = layer.backward(probe);
        y.close();

        compare("input", x, dx, layer, x, probe, random, samplesPerTensor);
        for (Param p : layer.params()) {
            if (p.isTrainable()) compare(p.name(), p.value(), p.grad(), layer, x, probe, random, samplesPerTensor);
        }
    }

    /**
     * {@link Mode#TRAIN_INPUT_GRAD}: the input gradient must match finite differences, and no
     * parameter may receive a gradient.
     */
    static void checkInputOnly(Layer layer, long[] inputShape, long seed) {
        Random random = new Random(seed);
        INDArray x = Nd4j.rand(DataType.DOUBLE, inputShape).subi(0.5).muli(2);
        INDArray probe;
        try (INDArray y = layer.forward(x, Mode.TRAIN_NO_GRAD)) {
            probe = Nd4j.rand(DataType.DOUBLE, y.shape()).subi(0.5);
        }
        layer.params().stream().filter(Param::isTrainable).forEach(p -> p.grad().assign(0));
        INDArray y = layer.forward(x, Mode.TRAIN_INPUT_GRAD);
        INDArray dx = layer.backward(probe);
        y.close();
        compare("input", x, dx, layer, x, probe, random, 40);
        for (Param p : layer.params()) {
            if (p.isTrainable()) {
                org.junit.jupiter.api.Assertions.assertEquals(0.0, p.grad().amaxNumber().doubleValue(), p.name() + " got a gradient");
            }
        }
    }

    private static void compare(String what, INDArray target, INDArray analytic, Layer layer, INDArray x,
                                INDArray probe, Random random, int samples) {
        long n = target.length();
        for (int s = 0; s < Math.min(samples, n); s++) {
            long i = samples >= n ? s : (long) (random.nextDouble() * n);
            double original = target.getDouble(i);
            target.putScalar(i, original + EPS);
            double plus = objective(layer, x, probe);
            target.putScalar(i, original - EPS);
            double minus = objective(layer, x, probe);
            target.putScalar(i, original);
            double numeric = (plus - minus) / (2 * EPS);
            double a = analytic.getDouble(i);
            double err = Math.abs(a - numeric);
            double rel = err / Math.max(Math.abs(a) + Math.abs(numeric), 1e-12);
            assertTrue(err < ABS_TOLERANCE || rel < MAX_RELATIVE_ERROR,
                    () -> what + "[" + i + "]: analytic " + a + " vs numeric " + numeric + " (relative " + rel + ")");
        }
    }

    private static double objective(Layer layer, INDArray x, INDArray probe) {
        try (INDArray y = layer.forward(x, Mode.TRAIN_NO_GRAD)) {
            return y.mul(probe).sumNumber().doubleValue();
        }
    }
}
