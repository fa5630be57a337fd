package io.srgan.core.features;

import io.srgan.core.nn.Conv2d;
import io.srgan.core.nn.FeatureNetwork;
import io.srgan.core.nn.Layer;
import io.srgan.core.nn.LeakyRelu;
import io.srgan.core.nn.MaxPool2d;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.modelimport.keras.KerasLayer;
import org.deeplearning4j.nn.modelimport.keras.KerasModel;
import org.deeplearning4j.nn.modelimport.keras.layers.KerasInput;
import org.deeplearning4j.nn.modelimport.keras.layers.convolutional.KerasConvolution2D;
import org.deeplearning4j.nn.modelimport.keras.layers.pooling.KerasPooling2D;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds a {@link FeatureNetwork} of this project's layers from a Keras HDF5 model (such as
 * keras.applications' VGG19), read with DL4J's Keras import, up to the deepest requested layer.
 * DL4J's own network is never run: its layers are far slower than ours on NHWC batches.
 *
 * <p>The model must be a chain of InputLayer, Conv2D (relu or linear, padding "same", stride 1,
 * odd square kernel, channels_last) and MaxPooling2D layers up to that point; what comes after it
 * (VGG's classifier, say) is not used. Keras fuses a Conv2D's activation into the layer; with
 * {@code beforeActivation} a Conv2D's feature is taken before its activation (SRGAN and ESRGAN use
 * VGG19's conv5_4 before its ReLU).
 */
public final class KerasFeatureImport {
    private static final String SUPPORTED = "a feature network may hold InputLayer, Conv2D (relu or linear activation, "
            + "padding 'same', stride 1, odd square kernel, channels_last) and MaxPooling2D layers";

    private KerasFeatureImport() {}

    /**
     * @param file             a Keras HDF5 model (model.save('x.h5'))
     * @param layerNames       the Keras layers whose outputs are the features, in the order wanted
     * @param beforeActivation take Conv2D features before their activation
     * @param preprocessing    what the weights expect of an RGB image in [0, 1]
     */
    public static FeatureNetwork load(Path file, List<String> layerNames, boolean beforeActivation,
                                      Preprocessing preprocessing, DataType dataType) {
        if (layerNames.isEmpty()) throw new IllegalArgumentException(file + ": no feature layer named");
        if (new HashSet<>(layerNames).size() != layerNames.size()) {
            throw new IllegalArgumentException(file + ": feature layers named twice: " + layerNames);
        }
        List<KerasLayer> keras = KerasModelFiles.read(file).getLayersOrdered();
        checkNamesExist(file, keras, layerNames);

        List<Layer> layers = new ArrayList<>();
        Layer pre = preprocessing.layer(dataType);
        if (pre != null) layers.add(pre);
        Map<String, Integer> taps = new HashMap<>();
        Set<String> remaining = new HashSet<>(layerNames);
        String previous = null;
        long channels = -1;
        for (KerasLayer k : keras) {
            if (remaining.isEmpty()) break;
            String name = k.getLayerName();
            if (previous != null && !k.getInboundLayerNames().equals(List.of(previous))) {
                throw new IllegalArgumentException(file + ": layer '" + name + "' takes " + k.getInboundLayerNames()
                        + ", not just the layer before it ('" + previous + "'): only a chain of layers is supported");
            }
            if (k instanceof KerasInput) {
                if (previous != null) throw unsupported(file, k, "a second input");
            } else if (k.getClass() == KerasConvolution2D.class) {
                ConvolutionLayer conv = ((KerasConvolution2D) k).getConvolution2DLayer();
                checkConv(file, k, conv);
                INDArray[] wb = convWeights(file, k, conv, dataType);
                if (channels >= 0 && wb[0].size(2) != channels) {
                    throw unsupported(file, k, "an input of " + wb[0].size(2) + " channels after a layer of " + channels);
                }
                if (channels < 0 && pre != null && wb[0].size(2) != 3) {
                    throw unsupported(file, k, wb[0].size(2) + " input channels with " + preprocessing.configName()
                            + " preprocessing, which is for RGB images");
                }
                channels = wb[0].size(3);
                layers.add(Conv2d.frozen(name, wb[0], wb[1]));
                boolean relu = conv.getActivationFn() instanceof ActivationReLU;
                if (relu && beforeActivation && remaining.contains(name)) {
                    taps.put(name, layers.size() - 1);
                }
                if (relu) layers.add(new LeakyRelu(name + ".relu", 0));
            } else if (k instanceof KerasPooling2D) {
                layers.add(pool(file, k, ((KerasPooling2D) k).getSubsampling2DLayer()));
            } else {
                throw unsupported(file, k, "its kind");
            }
            if (remaining.remove(name) && !taps.containsKey(name)) {
                if (k instanceof KerasInput) throw new IllegalArgumentException(file + ": '" + name + "' is the input layer, not a feature");
                taps.put(name, layers.size() - 1);
            }
            previous = name;
        }
        int last = taps.values().stream().mapToInt(i -> i).max().getAsInt();
        // a layer after the deepest feature (the ReLU of a pre-activation feature) is never needed
        List<Layer> chain = new ArrayList<>(layers.subList(0, last + 1));
        return new FeatureNetwork(chain, layerNames, layerNames.stream().mapToInt(taps::get).toArray());
    }

    private static void checkNamesExist(Path file, List<KerasLayer> keras, List<String> layerNames) {
        List<String> known = keras.stream().map(KerasLayer::getLayerName).toList();
        for (String n : layerNames) {
            if (!known.contains(n)) throw new IllegalArgumentException(file + ": no layer '" + n + "'; its layers: " + known);
        }
    }

    private static void checkConv(Path file, KerasLayer k, ConvolutionLayer conv) {
        int[] kernel = conv.getKernelSize();
        if (kernel[0] != kernel[1] || kernel[0] % 2 == 0) throw unsupported(file, k, "a " + kernel[0] + "×" + kernel[1] + " kernel");
        if (conv.getConvolutionMode() != ConvolutionMode.Same) throw unsupported(file, k, "padding other than 'same'");
        if (!Arrays.equals(conv.getStride(), new int[] {1, 1})) throw unsupported(file, k, "stride " + Arrays.toString(conv.getStride()));
        if (!Arrays.equals(conv.getDilation(), new int[] {1, 1})) throw unsupported(file, k, "dilation " + Arrays.toString(conv.getDilation()));
        if (conv.getCnn2dDataFormat() != CNN2DFormat.NHWC) throw unsupported(file, k, "channels_first data");
        IActivation a = conv.getActivationFn();
        if (!(a instanceof ActivationReLU) && !(a instanceof ActivationIdentity)) throw unsupported(file, k, "activation " + a);
    }

    /** Kernel [k, k, in, out] and bias [out]: DL4J's import holds kernels as [out, in, k, k]. */
    private static INDArray[] convWeights(Path file, KerasLayer k, ConvolutionLayer conv, DataType dataType) {
        INDArray w = k.getWeights().get(ConvolutionParamInitializer.WEIGHT_KEY);
        if (w == null || w.rank() != 4) throw new IllegalArgumentException(file + ": no kernel for layer '" + k.getLayerName() + "'");
        INDArray kernel = w.permute(2, 3, 1, 0).castTo(dataType).dup('c');
        INDArray b = conv.hasBias() ? k.getWeights().get(ConvolutionParamInitializer.BIAS_KEY) : null;
        INDArray bias = b == null ? Nd4j.zeros(dataType, kernel.size(3)) : b.reshape(kernel.size(3)).castTo(dataType).dup('c');
        return new INDArray[] {kernel, bias};
    }

    private static Layer pool(Path file, KerasLayer k, SubsamplingLayer pool) {
        if (pool.getPoolingType() != PoolingType.MAX) throw unsupported(file, k, pool.getPoolingType() + " pooling");
        int[] size = pool.getKernelSize();
        int[] stride = pool.getStride();
        if (size[0] != size[1] || stride[0] != stride[1]) throw unsupported(file, k, "a non-square pool or stride");
        if (pool.getCnn2dDataFormat() != CNN2DFormat.NHWC) throw unsupported(file, k, "channels_first data");
        boolean same = pool.getConvolutionMode() == ConvolutionMode.Same;
        if (!same && pool.getConvolutionMode() != ConvolutionMode.Truncate) throw unsupported(file, k, "padding " + pool.getConvolutionMode());
        return new MaxPool2d(k.getLayerName(), size[0], stride[0], same);
    }

    private static IllegalArgumentException unsupported(Path file, KerasLayer k, String what) {
        return new IllegalArgumentException(file + ": layer '" + k.getLayerName() + "' (" + k.getClassName() + ") has "
                + what + ", which is not supported; " + SUPPORTED);
    }
}
