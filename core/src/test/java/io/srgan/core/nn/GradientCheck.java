package io.srgan.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.util.SeededArrays;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Central finite differences against a layer's backward, in double precision. The scalar checked
 * is sum(layer(x) ⊙ r) for a fixed random r, so every output element contributes. Each call checks
 * a random sample of input and parameter entries.
 */
final class GradientCheck {
    private static final double EPS = 1e-6;
    private static final double MAX_RELATIVE_ERROR = 1e-5;
    private static final double ABS_TOLERANCE = 1e-8;
    private static final int SAMPLES = 40;

    private GradientCheck() {}

    static void check(Layer layer, long[] inputShape, long seed) {
        Random random = new Random(seed);
        Backward b = backward(layer, inputShape, Mode.TRAIN, seed);
        compare("input", b.x, b.dx, layer, b.x, b.probe, random, SAMPLES);
        for (Param p : layer.params()) {
            if (p.isTrainable()) compare(p.name(), p.value(), p.grad(), layer, b.x, b.probe, random, SAMPLES);
        }
    }

    /**
     * {@link Mode#TRAIN_INPUT_GRAD}: the input gradient must match finite differences, and no
     * parameter may receive a gradient.
     */
    static void checkInputOnly(Layer layer, long[] inputShape, long seed) {
        Backward b = backward(layer, inputShape, Mode.TRAIN_INPUT_GRAD, seed);
        compare("input", b.x, b.dx, layer, b.x, b.probe, new Random(seed), SAMPLES);
        for (Param p : layer.params()) {
            if (p.isTrainable()) assertEquals(0.0, p.grad().amaxNumber().doubleValue(), p.name() + " got a gradient");
        }
    }

    /** A random input and probe, zeroed parameter gradients, then one forward in {@code mode} and its backward. */
    private static Backward backward(Layer layer, long[] inputShape, Mode mode, long seed) {
        INDArray x = SeededArrays.uniform(seed, DataType.DOUBLE, inputShape).subi(0.5).muli(2); // the same input and probe every run
        INDArray probe;
        try (INDArray y = layer.forward(x, Mode.TRAIN_NO_GRAD)) {
            probe = SeededArrays.uniform(seed + 1, DataType.DOUBLE, y.shape()).subi(0.5);
        }
        layer.params().stream().filter(Param::isTrainable).forEach(p -> p.grad().assign(0));
        INDArray y = layer.forward(x, mode);
        INDArray dx = layer.backward(probe);
        y.close();
        return new Backward(x, probe, dx);
    }

    private record Backward(INDArray x, INDArray probe, INDArray dx) {}

    private static void compare(String what, INDArray target, INDArray analytic, Layer layer, INDArray x,
                                INDArray probe, Random random, int samples) {
        long n = target.length();
        for (int s = 0; s < Math.min(samples, n); s++) {
            long i = samples >= n ? s : (long) (random.nextDouble() * n);
            double numeric = FiniteDifference.central(target, i, EPS, () -> objective(layer, x, probe));
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
