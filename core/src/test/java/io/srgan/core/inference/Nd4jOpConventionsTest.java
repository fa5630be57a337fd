package io.srgan.core.inference;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins the ND4J 1.0.0-M2.1 argument conventions {@link NhwcOps} relies on, against plain loops, so a
 * library upgrade that changes them fails here rather than as a subtly wrong network.
 */
class Nd4jOpConventionsTest {

    @Test
    void conv2dIsSamePaddedNhwcWithWeightsKhKwInOut() {
        Random random = new Random(3);
        int n = 2, h = 5, w = 7, in = 3, out = 4, k = 3;
        float[] x = randoms(random, n * h * w * in);
        float[] weights = randoms(random, k * k * in * out);
        float[] bias = randoms(random, out);
        try (INDArray xs = Nd4j.create(x, new long[]{n, h, w, in}, 'c');
             INDArray ws = Nd4j.create(weights, new long[]{k, k, in, out}, 'c');
             INDArray bs = Nd4j.create(bias, new long[]{out}, 'c');
             INDArray y = NhwcOps.conv2dSame(xs, ws, bs)) {
            assertArrayEquals(new long[]{n, h, w, out}, y.shape());
            for (int b = 0; b < n; b++) {
                for (int r = 0; r < h; r++) {
                    for (int c = 0; c < w; c++) {
                        for (int o = 0; o < out; o++) {
                            double sum = bias[o];
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int yy = r + ky - k / 2;
                                    int xx = c + kx - k / 2;
                                    if (yy < 0 || yy >= h || xx < 0 || xx >= w) {
                                        continue; // zero padding
                                    }
                                    for (int i = 0; i < in; i++) {
                                        sum += x[((b * h + yy) * w + xx) * in + i] * weights[((ky * k + kx) * in + i) * out + o];
                                    }
                                }
                            }
                            assertEquals(sum, y.getDouble(b, r, c, o), 1e-5, "at " + Arrays.asList(b, r, c, o));
                        }
                    }
                }
            }
        }
    }

    @Test
    void depthToSpaceNhwcUsesDcrOrderNotPyTorchPixelShuffle() {
        int r = 2, c = 3, h = 2, w = 3;
        float[] x = new float[h * w * c * r * r];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        int pyTorchMatches = 0;
        try (INDArray xs = Nd4j.create(x, new long[]{1, h, w, c * r * r}, 'c');
             INDArray y = NhwcOps.depthToSpace(xs, r)) {
            assertArrayEquals(new long[]{1, h * r, w * r, c}, y.shape());
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx < w; xx++) {
                    for (int ch = 0; ch < c; ch++) {
                        for (int i = 0; i < r; i++) {
                            for (int j = 0; j < r; j++) {
                                double value = y.getDouble(0, yy * r + i, xx * r + j, ch);
                                assertEquals(xs.getDouble(0, yy, xx, (i * r + j) * c + ch), value);
                                if (value == xs.getDouble(0, yy, xx, ch * r * r + i * r + j)) {
                                    pyTorchMatches++;
                                }
                            }
                        }
                    }
                }
            }
        }
        // Only the first and last channel of each block agree by coincidence: importers must permute.
        assertEquals(h * w * 2, pyTorchMatches);
    }

    @Test
    void leakyReluTakesTheSlopeAsFloatArgument() {
        try (INDArray x = Nd4j.createFromArray(-2f, 3f);
             INDArray y = NhwcOps.leakyRelu(x, 0.2)) {
            assertArrayEquals(new float[]{-0.4f, 3f}, y.toFloatVector(), 1e-6f);
        }
    }

    private static float[] randoms(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextFloat() - 0.5f;
        }
        return a;
    }
}
