package io.srgan.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.util.SeededArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A frozen multi-output chain: its input gradient against finite differences, and its ownership rules. */
class FeatureNetworkTest {
    /** 1×1 conv, conv, ReLU, max pool, conv, ReLU; features (in this order): the last conv before its ReLU, the first ReLU, the end. */
    private static FeatureNetwork network() {
        Init init = new Init(5, DataType.DOUBLE);
        List<Layer> layers = List.of(frozen(init, 1, 3, 3), frozen(init, 3, 3, 4), new LeakyRelu("r1", 0),
                new MaxPool2d("p", 2, 2, false), frozen(init, 3, 4, 5), new LeakyRelu("r2", 0));
        return new FeatureNetwork(layers, List.of("conv2", "relu1", "relu2"), new int[] {4, 2, 5});
    }

    private static Conv2d frozen(Init init, int k, int in, int out) {
        return Conv2d.frozen("c" + in + out, init.weight(new long[] {k, k, in, out}, (long) k * k * in).muli(3), init.bias(out, 1));
    }

    @Test
    void inputGradientOfAWeightedSumOfFeatures() {
        FeatureNetwork net = network();
        // fixed points: a difference never straddles a kink by chance
        INDArray x = SeededArrays.uniform(21, DataType.DOUBLE, 2, 6, 5, 3).subi(0.5);
        List<INDArray> probes = new ArrayList<>();
        for (INDArray f : net.forward(x, Mode.INFER)) probes.add(SeededArrays.uniform(22 + probes.size(), DataType.DOUBLE, f.shape()).subi(0.5));
        List<INDArray> features = net.forward(x, Mode.TRAIN_INPUT_GRAD);
        for (int i = 0; i < features.size(); i++) {
            assertEquals(net.forward(x, Mode.INFER).get(i), features.get(i), "feature " + i + " differs between modes");
        }
        INDArray dx = net.backward(probes);
        features.forEach(INDArray::close);

        Random random = new Random(3);
        double eps = 1e-6;
        for (int s = 0; s < 60; s++) {
            long i = (long) (random.nextDouble() * x.length());
            double numeric = FiniteDifference.central(x, i, eps, () -> objective(net, x, probes));
            double analytic = dx.getDouble(i);
            double err = Math.abs(numeric - analytic);
            assertTrue(err < 1e-8 || err / (Math.abs(numeric) + Math.abs(analytic)) < 1e-5,
                    "x[" + i + "]: analytic " + analytic + " vs numeric " + numeric);
        }
    }

    private static double objective(FeatureNetwork net, INDArray x, List<INDArray> probes) {
        List<INDArray> fs = net.forward(x, Mode.INFER);
        double sum = 0;
        for (int i = 0; i < fs.size(); i++) sum += fs.get(i).mul(probes.get(i)).sumNumber().doubleValue();
        fs.forEach(INDArray::close);
        return sum;
    }

    @Test
    void backwardConsumesTheCacheAndClosingFeaturesLeavesItIntact() {
        FeatureNetwork net = network();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 4, 4, 3);
        List<INDArray> features = net.forward(x, Mode.TRAIN_INPUT_GRAD);
        List<INDArray> grads = features.stream().map(f -> Nd4j.onesLike(f)).toList();
        features.forEach(INDArray::close); // the caller's copies: backward must not need them
        assertEquals(List.of(1L, 4L, 4L, 3L), java.util.Arrays.stream(net.backward(grads).shape()).boxed().toList());
        assertThrows(IllegalStateException.class, () -> net.backward(grads));
    }

    @Test
    void rejectsAChainThatGoesPastItsDeepestFeature() {
        List<Layer> layers = List.of(new LeakyRelu("a", 0), new LeakyRelu("b", 0));
        assertThrows(IllegalArgumentException.class, () -> new FeatureNetwork(layers, List.of("a"), new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new FeatureNetwork(layers, List.of("b", "b2"), new int[] {1, 1}));
    }
}
