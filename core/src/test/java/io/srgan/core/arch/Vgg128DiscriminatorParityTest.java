package io.srgan.core.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.interop.FloatTensor;
import io.srgan.core.interop.StateDict;
import io.srgan.core.interop.WeightFiles;
import io.srgan.core.nn.Init;
import io.srgan.core.nn.Mode;
import io.srgan.core.nn.Param;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The vgg128 discriminator against PyTorch: BasicSR's VGGStyleDiscriminator (num_feat 2), its state
 * dict loaded by the mapping {@link Vgg128Discriminator} documents (conv weights [out,in,kH,kW] →
 * [kH,kW,in,out], linear weights transposed, batch-norm weight/bias → gamma/beta), gives PyTorch's
 * logits in train and eval mode and its feature maps. Fixture: src/test/resources/interop,
 * make_vgg_discriminator_fixture.py (weights float32, outputs computed in float64).
 */
class Vgg128DiscriminatorParityTest {
    private static Path fixture(String name) throws Exception {
        return Path.of(Vgg128DiscriminatorParityTest.class.getResource("/interop/" + name).toURI());
    }

    private static INDArray npy(String name) throws Exception {
        return Nd4j.createFromNpyFile(fixture(name).toFile()).castTo(DataType.DOUBLE);
    }

    /** make_vgg_discriminator_fixture.py's input, [2, 128, 128, 3] NHWC. */
    private static INDArray input() {
        INDArray x = Nd4j.create(DataType.DOUBLE, 2, 128, 128, 3);
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int h = 0; h < 128; h++) {
                    for (int w = 0; w < 128; w++) {
                        double v = 0.5 + 0.25 * Math.sin(0.31 * h + 0.53 * w + 0.9 * c + 1.7 * n)
                                + 0.2 * Math.sin(0.071 * h * w + 0.37 * c * h - 0.23 * n * w);
                        x.putScalar(new long[] {n, h, w, c}, v);
                    }
                }
            }
        }
        return x;
    }

    /** This project's name and layout of a PyTorch tensor of VGGStyleDiscriminator. */
    static String ourName(String torchName) {
        if (torchName.startsWith("bn")) {
            if (torchName.endsWith(".weight")) return torchName.replace(".weight", ".gamma");
            if (torchName.endsWith(".bias")) return torchName.replace(".bias", ".beta");
        }
        return torchName;
    }

    static INDArray ourLayout(FloatTensor t) {
        INDArray a = t.toINDArray().castTo(DataType.DOUBLE);
        if (t.rank() == 4) return a.permute(2, 3, 1, 0).dup('c'); // conv: [out,in,kH,kW] → [kH,kW,in,out]
        if (t.rank() == 2) return a.transpose().dup('c');          // linear: [out,in] → [in,out]
        return a;
    }

    private static Discriminator loaded() throws Exception {
        StateDict sd = WeightFiles.read(fixture("vgg128_d.safetensors"));
        Discriminator d = Discriminator.build(DiscriminatorConfig.vggStyle(2, 128), new Init(1, DataType.DOUBLE));
        Set<String> unset = new TreeSet<>(d.params().keySet());
        for (Map.Entry<String, FloatTensor> e : sd.tensors().entrySet()) {
            Param p = d.params().get(ourName(e.getKey()));
            assertTrue(p != null, "no parameter for PyTorch's " + e.getKey());
            INDArray v = ourLayout(e.getValue());
            assertArrayEquals(p.value().shape(), v.shape(), e.getKey());
            p.value().assign(v);
            unset.remove(p.name());
        }
        assertEquals(Set.of(), unset, "every parameter and buffer comes from the state dict");
        return d;
    }

    @Test
    void basicSrsStateDictGivesPyTorchsLogitsAndFeatures() throws Exception {
        Discriminator d = loaded();
        INDArray x = input();
        Discriminator.Outputs train = d.forwardWithFeatures(x, Mode.TRAIN_NO_GRAD); // batch statistics, as PyTorch's train()
        assertClose(npy("out_vgg128_d.npy"), train.logits(), "train-mode logits");
        INDArray tap = npy("feat_vgg128_d_conv2_1.npy").permute(0, 2, 3, 1); // NCHW → NHWC
        assertClose(tap, train.features().get(5), "feature 5 (conv2_1 after bn2_1 and LeakyReLU)");
        train.closeAll();
        try (INDArray eval = d.forward(x, Mode.INFER)) { // running statistics, as PyTorch's eval()
            assertClose(npy("out_vgg128_d_eval.npy"), eval, "eval-mode logits");
        }
    }

    @Test
    void theFlattenOrderMatters() throws Exception {
        // the same weights with linear1's rows taken in NHWC order ((h, w, c), this project's memory order)
        // give other logits: the fixture tells the two orders apart
        Discriminator d = loaded();
        INDArray w1 = d.params().get("linear1.weight").value();
        INDArray torchOrder = w1.dup();
        int c = 16, hw = 16;
        for (int h = 0; h < 4; h++) {
            for (int w = 0; w < 4; w++) {
                for (int k = 0; k < c; k++) {
                    w1.getRow((h * 4L + w) * c + k).assign(torchOrder.getRow((long) k * hw + h * 4 + w));
                }
            }
        }
        try (INDArray logits = d.forward(input(), Mode.TRAIN_NO_GRAD); INDArray want = npy("out_vgg128_d.npy");
             INDArray diff = logits.sub(want)) {
            assertTrue(diff.amaxNumber().doubleValue() > 1e-3, "max |difference| " + diff.amaxNumber());
        }
    }

    private static void assertClose(INDArray want, INDArray got, String what) {
        assertArrayEquals(want.shape(), got.shape(), what);
        try (INDArray diff = want.sub(got)) {
            double max = diff.amaxNumber().doubleValue();
            assertTrue(max < 1e-9, what + ": max |Java − PyTorch| = " + max);
        }
        assertTrue(want.amaxNumber().doubleValue() > 1e-3, what + ": the reference is not trivial");
    }
}
