package io.srgan.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.ToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Adversarial losses: hand-computed values and finite-difference gradients for every registered loss. */
class AdversarialLossTest {
    private static final double[] REAL = {1.5, -0.3, 0.2};
    private static final double[] FAKE = {-1.2, 0.4, 2.0, -0.1};

    static Iterable<String> names() { return AdversarialLoss.REGISTRY.names(); }

    @Test
    void vanillaByHand() {
        var d = AdversarialLoss.byName("vanilla").discriminator(new double[] {0.0}, new double[] {0.0});
        assertEquals(Math.log(2), d.realTerm(), 1e-12); // −log σ(0)
        assertEquals(Math.log(2), d.fakeTerm(), 1e-12);
        assertEquals(-0.5, d.gradReal()[0], 1e-12);
        assertEquals(0.5, d.gradFake()[0], 1e-12);
        var g = AdversarialLoss.byName("vanilla").generator(null, new double[] {2.0});
        assertEquals(Math.log1p(Math.exp(-2.0)), g.value(), 1e-12);
    }

    @Test
    void lsganByHand() {
        var d = AdversarialLoss.byName("lsgan").discriminator(new double[] {0.5, 1.0}, new double[] {0.5});
        assertEquals((0.25 + 0) / 2, d.realTerm(), 1e-12);
        assertEquals(0.25, d.fakeTerm(), 1e-12);
        assertEquals(0.25, AdversarialLoss.byName("lsgan").generator(null, new double[] {0.5}).value(), 1e-12);
    }

    @Test
    void hingeByHand() {
        var d = AdversarialLoss.byName("hinge").discriminator(new double[] {0.5, 2.0}, new double[] {-2.0, 0.0});
        assertEquals(0.5 / 2, d.realTerm(), 1e-12);
        assertEquals(1.0 / 2, d.fakeTerm(), 1e-12);
        assertEquals(-0.75, AdversarialLoss.byName("hinge").generator(null, new double[] {0.5, 1.0}).value(), 1e-12);
    }

    @Test
    void raganByHand() {
        // r = [1], f = [−1]: r̃ = 2, f̃ = −2; D = ½·softplus(−2) + ½·softplus(−2); G = ½·softplus(2)·2
        var d = AdversarialLoss.byName("ragan").discriminator(new double[] {1}, new double[] {-1});
        assertEquals(0.5 * Math.log1p(Math.exp(-2)), d.realTerm(), 1e-12);
        assertEquals(0.5 * Math.log1p(Math.exp(-2)), d.fakeTerm(), 1e-12);
        var g = AdversarialLoss.byName("ragan").generator(new double[] {1}, new double[] {-1});
        assertEquals(Math.log1p(Math.exp(2)), g.value(), 1e-12);
    }

    @ParameterizedTest
    @MethodSource("names")
    void discriminatorGradientsMatchFiniteDifferences(String name) {
        AdversarialLoss loss = AdversarialLoss.byName(name);
        var d = loss.discriminator(REAL, FAKE);
        for (int i = 0; i < REAL.length; i++) {
            int k = i;
            assertEquals(numeric(v -> loss.discriminator(v, FAKE).value(), REAL, k), d.gradReal()[k], 1e-7, name + " real " + k);
        }
        for (int j = 0; j < FAKE.length; j++) {
            int k = j;
            assertEquals(numeric(v -> loss.discriminator(REAL, v).value(), FAKE, k), d.gradFake()[k], 1e-7, name + " fake " + k);
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void generatorGradientsMatchFiniteDifferences(String name) {
        AdversarialLoss loss = AdversarialLoss.byName(name);
        var g = loss.generator(REAL, FAKE);
        for (int j = 0; j < FAKE.length; j++) {
            int k = j;
            assertEquals(numeric(v -> loss.generator(REAL, v).value(), FAKE, k), g.gradFake()[k], 1e-7, name + " fake " + k);
        }
    }

    private static double numeric(ToDoubleFunction<double[]> f, double[] at, int i) {
        double h = 1e-6;
        double[] p = at.clone();
        double[] m = at.clone();
        p[i] += h;
        m[i] -= h;
        return (f.applyAsDouble(p) - f.applyAsDouble(m)) / (2 * h);
    }
}
