package io.srgan.core.inference;

import io.srgan.core.data.FloatImage;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A real (if untrained) SR network for tests, built from libnd4j ops: {@code lrConvs} 3×3 convs at
 * LR resolution, then per ×2 stage a 3×3 conv to 4·C channels and {@code depth_to_space(2)}, each
 * conv followed by LeakyReLU(0.2), and a final 3×3 conv to RGB (bias 0.5, small weights, so outputs
 * mostly stay in [0, 1]). Random weights from a fixed seed.
 *
 * <p>Receptive-field radius: a 3×3 conv at scale f (relative to LR) reaches 1 pixel there, i.e.
 * 1/f LR pixels; the radius is the ceiling of the sum over all convs.
 */
final class ConvShuffleModel implements SrModel, AutoCloseable {
    private final int stages;
    private final int radius;
    private final List<INDArray[]> convs = new ArrayList<>(); // {weights [3,3,in,out], bias [out]}
    private final List<Integer> shuffleAfter = new ArrayList<>(); // conv indices followed by depth_to_space

    /**
     * @param lrConvs convs at LR resolution before the first stage, ≥ 0
     * @param stages number of ×2 stages (scale 2^stages), ≥ 1
     * @param channels feature channels C
     */
    ConvShuffleModel(int lrConvs, int stages, int channels, long seed) {
        this.stages = stages;
        Random random = new Random(seed);
        int in = 3;
        double reach = 0; // in LR pixels
        for (int i = 0; i < lrConvs; i++) {
            convs.add(conv(random, in, channels, 1.0, 0.0));
            in = channels;
            reach += 1;
        }
        for (int s = 0; s < stages; s++) {
            convs.add(conv(random, in, 4 * channels, 1.0, 0.0));
            shuffleAfter.add(convs.size() - 1);
            in = channels;
            reach += 1.0 / (1 << s);
        }
        convs.add(conv(random, in, 3, 0.15, 0.5));
        reach += 1.0 / (1 << stages);
        this.radius = (int) Math.ceil(reach - 1e-9);
    }

    private static INDArray[] conv(Random random, int in, int out, double gain, double bias) {
        float[] w = new float[9 * in * out];
        double std = gain * Math.sqrt(2.0 / (9 * in));
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * std);
        }
        float[] b = new float[out];
        for (int i = 0; i < out; i++) {
            b[i] = (float) (bias + 0.05 * random.nextGaussian());
        }
        return new INDArray[]{Nd4j.create(w, new long[]{3, 3, in, out}, 'c'), Nd4j.create(b, new long[]{out}, 'c')};
    }

    @Override
    public int scale() {
        return 1 << stages;
    }

    @Override
    public int receptiveFieldRadius() {
        return radius;
    }

    @Override
    public INDArray upscale(INDArray lrBatch) {
        INDArray x = lrBatch;
        for (int i = 0; i < convs.size(); i++) {
            INDArray y = NhwcOps.conv2dSame(x, convs.get(i)[0], convs.get(i)[1]);
            release(x, lrBatch);
            x = y;
            if (i == convs.size() - 1) {
                break; // linear output
            }
            if (shuffleAfter.contains(i)) {
                y = NhwcOps.depthToSpace(x, 2);
                x.close();
                x = y;
            }
            y = NhwcOps.leakyRelu(x, 0.2);
            x.close();
            x = y;
        }
        return x;
    }

    private static void release(INDArray a, INDArray callersInput) {
        if (a != callersInput) {
            a.close();
        }
    }

    /** Whole-image inference of one HWC RGB image, as a dense [1, h·s, w·s, 3] float array. */
    INDArray upscaleWhole(FloatImage rgb) {
        try (INDArray in = Nd4j.create(rgb.data(), new long[]{1, rgb.height(), rgb.width(), 3}, 'c')) {
            return upscale(in).castTo(DataType.FLOAT);
        }
    }

    @Override
    public void close() {
        for (INDArray[] c : convs) {
            c[0].close();
            c[1].close();
        }
    }
}
