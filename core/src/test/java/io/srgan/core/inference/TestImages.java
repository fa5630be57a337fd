package io.srgan.core.inference;

import io.srgan.core.data.FloatImage;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

/** Test images and comparisons. */
final class TestImages {
    private TestImages() {
    }

    /** Uniform noise in [0, 1], HWC. */
    static FloatImage noise(int height, int width, int channels, long seed) {
        Random random = new Random(seed);
        FloatImage image = FloatImage.zeros(height, width, channels);
        float[] d = image.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextFloat();
        }
        return image;
    }

    /** Largest |image − clamp(reference)| over RGB, reference a dense [1, H, W, 3] array. */
    static double maxDiffToClamped(FloatImage image, INDArray reference) {
        float[] ref = reference.data().asFloat();
        double max = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    float r = UnitInterval.clamp(ref[(y * image.width() + x) * 3 + c]);
                    max = Math.max(max, Math.abs(image.get(y, x, c) - r));
                }
            }
        }
        return max;
    }

    /** Fraction of reference values outside [0, 1] (clamping hides differences there). */
    static double clampedFraction(INDArray reference) {
        float[] ref = reference.data().asFloat();
        int outside = 0;
        for (float v : ref) {
            if (v < 0 || v > 1) {
                outside++;
            }
        }
        return outside / (double) ref.length;
    }

    /** The RGB channels of an RGB(A) image. */
    static FloatImage rgb(FloatImage image) {
        FloatImage out = FloatImage.zeros(image.height(), image.width(), 3);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    out.set(y, x, c, image.get(y, x, c));
                }
            }
        }
        return out;
    }
}
