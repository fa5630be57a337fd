package io.srgan.core.features;

import io.srgan.core.nn.Conv2d;
import io.srgan.core.nn.Layer;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a feature network's weights expect of an RGB image in [0, 1], as a fixed 1×1 convolution in
 * front of the network (so its gradient comes with it).
 */
public enum Preprocessing {
    /** Keras applications' VGG16/VGG19 ("caffe" mode): RGB→BGR, ×255, minus the ImageNet BGR mean. */
    CAFFE,
    /** torchvision's models: (x − mean) / std per RGB channel on [0, 1]. */
    TORCH,
    /** The image as it is. */
    NONE;

    private static final double[] CAFFE_MEAN_BGR = {103.939, 116.779, 123.68};
    private static final double[] TORCH_MEAN = {0.485, 0.456, 0.406};
    private static final double[] TORCH_STD = {0.229, 0.224, 0.225};

    public static Preprocessing byName(String name) {
        for (Preprocessing p : values()) if (p.configName().equals(name)) return p;
        throw new IllegalArgumentException("unknown preprocessing '" + name + "'; known: "
                + String.join(", ", Arrays.stream(values()).map(Preprocessing::configName).toList()));
    }

    public String configName() { return name().toLowerCase(Locale.ROOT); }

    /** The layer that applies it to NHWC RGB batches, or null for {@link #NONE}. */
    public Layer layer(DataType dataType) {
        if (this == NONE) return null;
        double[][][][] w = new double[1][1][3][3]; // [1, 1, in, out]
        double[] b = new double[3];
        for (int out = 0; out < 3; out++) {
            if (this == CAFFE) {
                w[0][0][2 - out][out] = 255; // output channel `out` of BGR is input channel 2 − out of RGB
                b[out] = -CAFFE_MEAN_BGR[out];
            } else {
                w[0][0][out][out] = 1 / TORCH_STD[out];
                b[out] = -TORCH_MEAN[out] / TORCH_STD[out];
            }
        }
        return Conv2d.frozen("preprocessing." + configName(), Nd4j.create(w).castTo(dataType), Nd4j.create(b).castTo(dataType));
    }
}
