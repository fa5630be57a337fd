package io.srgan.core.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.nn.FiniteDifference;
import io.srgan.core.nn.Init;
import io.srgan.core.nn.Mode;
import io.srgan.core.nn.Param;
import io.srgan.core.util.SeededArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Whole networks in double precision against central finite differences. */
class NetworkGradientTest {
    private long nextSeed;

    @BeforeEach
    void seedInputs() {
        nextSeed = 12345; // inputs and probes are then the same every run
    }

    /** Uniform [0, 1) doubles ({@link SeededArrays}), each draw of a test from the next seed. */
    private INDArray rand(long... shape) {
        return SeededArrays.uniform(nextSeed++, DataType.DOUBLE, shape);
    }

    @Test
    void paperGeneratorParameters() {
        Generator g = Generators.build(new GeneratorConfig("srresnet", 1, 3, 2, "subpixel"), new Init(2, DataType.DOUBLE));
        INDArray x = rand(2, 4, 3, 3);
        INDArray probe = rand(2, 8, 6, 3).subi(0.5);
        g.zeroGrad();
        INDArray y = g.forward(x, Mode.TRAIN);
        g.backwardFrom(probe);
        check(g.trainable(), () -> objective(v -> g.forward(v, Mode.TRAIN_NO_GRAD), x, probe));
    }

    @Test
    void bnFreeGeneratorParameters() {
        Generator g = Generators.build(new GeneratorConfig("msrresnet", 1, 3, 2, "nearest"), new Init(3, DataType.DOUBLE));
        // MSRResNet's ×0.1 initialisation keeps activations within ~1e-3 of the LeakyReLU kink, where a
        // finite difference straddles it; larger weights test the same code away from the kink.
        g.trainable().forEach(p -> p.value().muli(10));
        INDArray x = rand(2, 4, 3, 3);
        INDArray probe = rand(2, 8, 6, 3).subi(0.5);
        g.zeroGrad();
        g.forward(x, Mode.TRAIN);
        g.backwardFrom(probe);
        check(g.trainable(), () -> objective(v -> g.forward(v, Mode.TRAIN_NO_GRAD), x, probe));
    }

    @Test
    void rrdbGeneratorParameters() {
        Generator g = Generators.build(GeneratorConfig.rrdb(1, 3, 2, 4), new Init(6, DataType.DOUBLE));
        // as above: the ×0.1 dense-block initialisation sits near the LeakyReLU kinks
        g.trainable().forEach(p -> p.value().muli(5));
        INDArray x = rand(2, 3, 4, 3);
        INDArray probe = rand(2, 12, 16, 3).subi(0.5);
        g.zeroGrad();
        g.forward(x, Mode.TRAIN);
        g.backwardFrom(probe);
        check(g.trainable(), () -> objective(v -> g.forward(v, Mode.TRAIN_NO_GRAD), x, probe));
    }

    @Test
    void compactGeneratorParameters() {
        Generator g = Generators.build(GeneratorConfig.srvgg(2, 3, 3), new Init(7, DataType.DOUBLE));
        // slopes away from PyTorch's uniform 0.25, so that a slope gradient summed onto the wrong channel shows
        g.params().values().stream().filter(p -> p.name().endsWith(".weight") && p.value().rank() == 1)
                .forEach(p -> p.value().assign(rand(p.value().shape())));
        INDArray x = rand(2, 4, 3, 3);
        INDArray probe = rand(2, 12, 9, 3).subi(0.5);
        g.zeroGrad();
        g.forward(x, Mode.TRAIN);
        g.backwardFrom(probe);
        check(g.trainable(), () -> objective(v -> g.forward(v, Mode.TRAIN_NO_GRAD), x, probe));
    }

    @Test
    void discriminatorInputParametersAndFeatureGradients() {
        checkDiscriminator(Discriminator.build(new DiscriminatorConfig(2, "batch"), new Init(4, DataType.DOUBLE)), 3, 1);
    }

    @Test
    void unetDiscriminatorWithSpectralNormInputParametersAndFeatureGradients() {
        Discriminator d = Discriminator.build(DiscriminatorConfig.unetSn(2), new Init(5, DataType.DOUBLE));
        checkDiscriminator(d, 2, 8 * 8);
    }

    @Test
    void esrganVgg128DiscriminatorInputParametersAndFeatureGradients() {
        // bias-free 3x3 and 4x4 stride-2 convs, batch norm after each, the (c, h, w) flatten and the dense
        // head, at the smallest cost a fixed 128x128 input allows (double-precision convs at that size are
        // slow, and the more first-layer activations, the more differences straddle a LeakyReLU kink): width 1,
        // one image. Batch norm's coupling of the images in a batch is checked in LayerGradientTest, the
        // stacking of real and fake batches in DiscriminatorContractTest.
        Discriminator d = Discriminator.build(DiscriminatorConfig.vggStyle(1, 128), new Init(8, DataType.DOUBLE));
        checkDiscriminator(d, 1, 1, 128);
    }

    private void checkDiscriminator(Discriminator d, int n, int perImage) { checkDiscriminator(d, n, perImage, 8); }

    /** objective = sum(logits·probe) + sum(feature3·q), for a D whose logits per image are {@code perImage} values. */
    private void checkDiscriminator(Discriminator d, int n, int perImage, int side) {
        INDArray x = rand(n, side, side, 3);
        Discriminator.Outputs o0 = d.forwardWithFeatures(x, Mode.TRAIN_NO_GRAD);
        INDArray probe = rand(o0.logits().shape()).subi(0.5);
        org.junit.jupiter.api.Assertions.assertEquals((long) n * perImage, o0.logits().length());
        INDArray q = rand(o0.features().get(3).shape()).subi(0.5);
        o0.closeAll();
        Function<INDArray, Double> objective = v -> {
            Discriminator.Outputs o = d.forwardWithFeatures(v, Mode.TRAIN_NO_GRAD);
            double s = o.logits().mul(probe).sumNumber().doubleValue() + o.features().get(3).mul(q).sumNumber().doubleValue();
            o.closeAll();
            return s;
        };
        d.zeroGrad();
        d.forwardWithFeatures(x, Mode.TRAIN);
        List<INDArray> featureGrads = new ArrayList<>();
        for (int i = 0; i < d.featureBlocks(); i++) featureGrads.add(i == 3 ? q : null);
        INDArray dx = d.backward(probe, featureGrads);
        check(d.trainable(), () -> objective.apply(x));
        checkTensor("input", x, dx, () -> objective.apply(x), new Random(1));
    }

    private static double objective(Function<INDArray, INDArray> f, INDArray x, INDArray probe) {
        try (INDArray y = f.apply(x)) {
            return y.mul(probe).sumNumber().doubleValue();
        }
    }

    private static void check(List<Param> params, java.util.function.DoubleSupplier objective) {
        Random random = new Random(0);
        for (Param p : params) checkTensor(p.name(), p.value(), p.grad(), objective, random);
    }

    private static void checkTensor(String name, INDArray value, INDArray grad, java.util.function.DoubleSupplier objective, Random random) {
        int checked = 0, kinks = 0;
        double base = objective.getAsDouble(); // the differences restore every entry they move
        while (checked < Math.min(6, value.length())) {
            long i = (long) (random.nextDouble() * value.length());
            // A LeakyReLU input within eps of zero makes the difference straddle the kink. Away from
            // kinks a difference does not depend on eps beyond rounding (~1e-16·|objective|/eps), so
            // where it does a smaller eps is tried (a bias of vgg128's first layer moves 16k
            // activations: some lie within 1e-5 of zero), then another point, a bounded number of
            // times: a wrong gradient is wrong at every eps and still fails.
            double numeric = Double.NaN, rounding = 0;
            for (double eps = 1e-5; eps >= 1e-7 && Double.isNaN(numeric); eps /= 10) {
                double coarse = FiniteDifference.central(value, i, eps, objective), finer = FiniteDifference.central(value, i, eps / 4, objective);
                double finerRounding = 4e-15 * (Math.abs(base) + 1) / (eps / 4);
                if (Math.abs(coarse - finer) <= finerRounding + 1e-6 * Math.abs(coarse)) {
                    numeric = coarse;
                    rounding = 4e-15 * (Math.abs(base) + 1) / eps; // the accepted difference's own
                }
            }
            if (Double.isNaN(numeric)) {
                assertTrue(++kinks <= 3, name + ": too many finite differences straddle a kink");
                continue;
            }
            double analytic = grad.getDouble(i);
            double err = Math.abs(numeric - analytic);
            // absolute 1e-6: a gradient that is exactly zero (a conv bias before batch norm) comes out as
            // the rounding of the terms that cancel in it
            assertTrue(err < 1e-6 + rounding || err / (Math.abs(numeric) + Math.abs(analytic)) < 1e-5,
                    name + "[" + i + "]: analytic " + analytic + " numeric " + numeric);
            checked++;
        }
    }
}
