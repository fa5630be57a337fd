package io.srgan.core.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.srgan.core.nn.Layer;
import io.srgan.core.nn.Mode;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The preprocessing layers on one RGB pixel (0.2, 0.4, 0.6), and their gradients, by hand. */
class PreprocessingTest {
    private static final INDArray PIXEL = Nd4j.create(new double[] {0.2, 0.4, 0.6}, new long[] {1, 1, 1, 3}, DataType.DOUBLE);
    private static final INDArray GRAD = Nd4j.create(new double[] {1, 2, 3}, new long[] {1, 1, 1, 3}, DataType.DOUBLE);

    @Test
    void caffeIsBgrTimes255MinusTheImageNetMean() {
        Layer caffe = Preprocessing.CAFFE.layer(DataType.DOUBLE);
        assertArrayEquals(new double[] {0.6 * 255 - 103.939, 0.4 * 255 - 116.779, 0.2 * 255 - 123.68},
                caffe.forward(PIXEL, Mode.INFER).data().asDouble(), 1e-9);
        caffe.forward(PIXEL, Mode.TRAIN_INPUT_GRAD);
        // output B (index 0) came from input R (index 2)
        assertArrayEquals(new double[] {3 * 255, 2 * 255, 255}, caffe.backward(GRAD).data().asDouble(), 1e-9);
    }

    @Test
    void torchIsMeanStdNormalisedRgb() {
        Layer torch = Preprocessing.TORCH.layer(DataType.DOUBLE);
        assertArrayEquals(new double[] {(0.2 - 0.485) / 0.229, (0.4 - 0.456) / 0.224, (0.6 - 0.406) / 0.225},
                torch.forward(PIXEL, Mode.INFER).data().asDouble(), 1e-9);
        torch.forward(PIXEL, Mode.TRAIN_INPUT_GRAD);
        assertArrayEquals(new double[] {1 / 0.229, 2 / 0.224, 3 / 0.225}, torch.backward(GRAD).data().asDouble(), 1e-9);
    }

    @Test
    void noneAddsNoLayerAndNamesAreChecked() {
        assertNull(Preprocessing.NONE.layer(DataType.FLOAT));
        assertEquals(Preprocessing.TORCH, Preprocessing.byName("torch"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preprocessing.byName("tf"));
        assertEquals("unknown preprocessing 'tf'; known: caffe, torch, none", e.getMessage());
    }
}
