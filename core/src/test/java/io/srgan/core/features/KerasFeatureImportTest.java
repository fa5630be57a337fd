package io.srgan.core.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.nn.FeatureNetwork;
import io.srgan.core.nn.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Our feature networks rebuilt from Keras HDF5 files against DL4J's own import of the same files,
 * run as DL4J networks (the independent reference), with the preprocessing applied by hand here.
 */
class KerasFeatureImportTest {
    @TempDir Path dir;

    @Test
    void functionalVggAfterActivationMatchesDl4jGraph() throws Exception {
        Path h5 = KerasTestModels.write(dir, "vgg.h5", KerasTestModels.vgg("functional", 16, "valid", 1));
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 20, 20, 3); // not the size in the file: both are fully convolutional
        FeatureNetwork net = KerasFeatureImport.load(h5, List.of("block3_conv2", "block2_conv1"), false, Preprocessing.CAFFE, DataType.FLOAT);
        List<INDArray> features = net.forward(x, Mode.INFER);
        ComputationGraph graph = KerasModelImport.importKerasModelAndWeights(h5.toString(), false);
        assertClose(graph.feedForward(caffe(x), false).get("block3_conv2"), features.get(0));
        assertClose(graph.feedForward(caffe(x), false).get("block2_conv1"), features.get(1));
    }

    @Test
    void sequentialVggBeforeActivationWithSamePaddedPoolsMatchesDl4j() throws Exception {
        Path h5 = KerasTestModels.write(dir, "vgg.h5", KerasTestModels.vgg("sequential", 16, "same", 2));
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 19, 17, 3); // odd: "same" pools keep the cut-short edge windows
        FeatureNetwork net = KerasFeatureImport.load(h5, List.of("block2_conv2", "block3_conv1"), true, Preprocessing.TORCH, DataType.FLOAT);
        List<INDArray> features = net.forward(x, Mode.INFER);
        assertArrayEquals(new long[] {2, 5, 5, 8}, features.get(1).shape());
        assertClose(dl4jSequentialBeforeActivation(h5, "block2_conv2", torch(x)), features.get(0));
        assertClose(dl4jSequentialBeforeActivation(h5, "block3_conv1", torch(x)), features.get(1));
    }

    @Test
    void vgg19WithoutTopSavedWithOpenInputSizeLoads() throws Exception {
        // keras.applications.VGG19(include_top=False) has input shape (None, None, 3)
        Path h5 = KerasTestModels.write(dir, "vgg.h5", KerasTestModels.vgg("functional", null, "valid", 3));
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 12, 16, 3);
        FeatureNetwork net = KerasFeatureImport.load(h5, List.of("block3_conv2"), true, Preprocessing.NONE, DataType.FLOAT);
        ComputationGraph graph = KerasModelImport.importKerasModelAndWeights(h5.toString(), false);
        ((BaseLayer) graph.getLayer("block3_conv2").conf().getLayer()).setActivationFn(new ActivationIdentity());
        INDArray expected = graph.feedForward(x, false).get("block3_conv2");
        assertTrue(expected.minNumber().doubleValue() < 0, "a pre-activation feature has negative entries");
        assertClose(expected, net.forward(x, Mode.INFER).get(0));
    }

    @Test
    void layersAfterTheDeepestFeatureAreNotNeeded() {
        String spec = "{\"style\": \"functional\", \"input_shape\": [8, 8, 3], \"seed\": 4, \"layers\": ["
                + "[\"conv\", \"block1_conv1\", 4, \"relu\"], [\"conv\", \"block1_conv2\", 4, \"relu\"], [\"pool\", \"block1_pool\"],"
                + "[\"dense\", \"fc1\", 5]]}";
        Path h5 = KerasTestModels.write(dir, "with_top.h5", spec);
        FeatureNetwork net = KerasFeatureImport.load(h5, List.of("block1_pool"), true, Preprocessing.CAFFE, DataType.FLOAT);
        assertArrayEquals(new long[] {1, 4, 4, 4}, net.forward(Nd4j.rand(DataType.FLOAT, 1, 8, 8, 3), Mode.INFER).get(0).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KerasFeatureImport.load(h5, List.of("fc1"), true, Preprocessing.CAFFE, DataType.FLOAT));
        assertMessage(e, h5.toString(), "'fc1_flatten' (Flatten)", "not supported");
    }

    @Test
    void unknownLayersAndUnsupportedConvolutionsAreErrorsNamingFileAndLayer() {
        Path h5 = KerasTestModels.write(dir, "vgg.h5", KerasTestModels.vgg("functional", 16, "valid", 1));
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> KerasFeatureImport.load(h5, List.of("block5_conv4"), true, Preprocessing.CAFFE, DataType.FLOAT)),
                h5.toString(), "no layer 'block5_conv4'", "block3_conv2]");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> KerasFeatureImport.load(h5, List.of("input_1"), true, Preprocessing.CAFFE, DataType.FLOAT)),
                "'input_1' is the input layer");
        // {kernel, padding, strides} of the Conv2D, and what the error must say
        for (String[] bad : new String[][] {{"3, \"valid\", 1", "padding other than 'same'"}, {"3, \"same\", 2", "stride [2, 2]"},
                                            {"2, \"same\", 1", "2×2 kernel"}}) {
            String spec = "{\"style\": \"functional\", \"input_shape\": [8, 8, 3], \"seed\": 1, \"layers\": ["
                    + "[\"conv\", \"block1_conv1\", 4, \"relu\", " + bad[0] + "]]}";
            Path file = KerasTestModels.write(dir, "bad.h5", spec);
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> KerasFeatureImport.load(file, List.of("block1_conv1"), true, Preprocessing.CAFFE, DataType.FLOAT)),
                    file.toString(), "'block1_conv1' (Conv2D)", bad[1]);
        }
    }

    @Test
    void aFileThatIsNotAKerasModelIsAnErrorNamingIt() throws Exception {
        Path text = Files.writeString(dir.resolve("vgg19.h5"), "not hdf5");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> KerasFeatureImport.load(text, List.of("block5_conv4"), true, Preprocessing.CAFFE, DataType.FLOAT)),
                text.toString(), "cannot read it as a Keras HDF5 model");
        Path missing = dir.resolve("missing.h5");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> KerasFeatureImport.load(missing, List.of("block5_conv4"), true, Preprocessing.CAFFE, DataType.FLOAT)),
                missing.toString(), "no such file");
    }

    /** The output of {@code layer} in DL4J's import of a Sequential model, with that layer's activation removed. */
    private static INDArray dl4jSequentialBeforeActivation(Path h5, String layer, INDArray input) throws Exception {
        MultiLayerNetwork net = KerasModelImport.importKerasSequentialModelAndWeights(h5.toString(), false);
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayer(i).conf().getLayer().getLayerName().equals(layer)) {
                ((BaseLayer) net.getLayer(i).conf().getLayer()).setActivationFn(new ActivationIdentity());
                return net.feedForward(input, false).get(i + 1); // entry 0 is the input
            }
        }
        throw new AssertionError("DL4J's import has no layer " + layer);
    }

    /** Keras's caffe mode, written out: BGR, ×255, minus the ImageNet BGR mean. */
    private static INDArray caffe(INDArray rgb) {
        double[] meanBgr = {103.939, 116.779, 123.68};
        INDArray out = Nd4j.create(rgb.dataType(), rgb.shape());
        for (int c = 0; c < 3; c++) channel(out, c).assign(channel(rgb, 2 - c).mul(255).subi(meanBgr[c]));
        return out;
    }

    /** torchvision's normalisation: (x − mean) / std per RGB channel. */
    private static INDArray torch(INDArray rgb) {
        double[] mean = {0.485, 0.456, 0.406};
        double[] std = {0.229, 0.224, 0.225};
        INDArray out = Nd4j.create(rgb.dataType(), rgb.shape());
        for (int c = 0; c < 3; c++) channel(out, c).assign(channel(rgb, c).sub(mean[c]).divi(std[c]));
        return out;
    }

    private static INDArray channel(INDArray x, int c) {
        return x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(c));
    }

    /** Within 1e-4 of the reference's largest magnitude (float32 through several layers). */
    private static void assertClose(INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        double scale = expected.amaxNumber().doubleValue();
        assertTrue(scale > 0, "an all-zero reference proves nothing");
        double err = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(err <= 1e-4 * scale, "max difference " + err + " at scale " + scale);
    }

    private static void assertMessage(IllegalArgumentException e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
    }
}
