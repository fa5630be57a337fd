package io.srgan.core.arch;

import io.srgan.core.nn.BatchNorm;
import io.srgan.core.nn.Conv2d;
import io.srgan.core.nn.Dense;
import io.srgan.core.nn.GlobalAvgPool;
import io.srgan.core.nn.Init;
import io.srgan.core.nn.Layer;
import io.srgan.core.nn.LeakyRelu;
import io.srgan.core.nn.Mode;
import io.srgan.core.nn.Sequential;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SRGAN's VGG-style discriminator ({@code discriminator.arch = vgg}): 8 conv3×3 blocks (strides 1,2,1,2,…; normalisation after all
 * but the first; LeakyReLU 0.2), global average pooling (any patch size), dense 1024, LeakyReLU,
 * dense → one logit per image. Input [N,H,W,3] in [0,1]; output logits [N,1].
 *
 * <p>The outputs of the 8 conv blocks are the features for discriminator feature matching:
 * {@link #forward} exposes them and {@link #backward} accepts gradients for them. Several TRAIN
 * forwards (real, then fake) may be followed by backwards in reverse order.
 */
final class VggDiscriminator extends Discriminator {
    static final int FEATURE_BLOCKS = 8;

    private final List<Sequential> blocks;
    private final Sequential head;
    private final Deque<List<INDArray>> cached = new ArrayDeque<>();

    private VggDiscriminator(DiscriminatorConfig config, List<Sequential> blocks, Sequential head) {
        super(config, new Sequential("discriminator", concat(blocks, head)));
        this.blocks = blocks;
        this.head = head;
    }

    static VggDiscriminator create(DiscriminatorConfig config, Init init) {
        int[] mult = {1, 1, 2, 2, 4, 4, 8, 8};
        List<Sequential> blocks = new ArrayList<>();
        int in = 3;
        for (int i = 0; i < FEATURE_BLOCKS; i++) {
            int out = config.width() * mult[i];
            String n = "d.conv" + i;
            List<Layer> layers = new ArrayList<>();
            layers.add(new Conv2d(n, in, out, 3, i % 2 == 0 ? 1 : 2, init));
            if (i > 0 && config.norm().equals("batch")) layers.add(new BatchNorm(n + ".bn", out, init));
            layers.add(new LeakyRelu(n + ".act", 0.2));
            blocks.add(new Sequential(n, layers));
            in = out;
        }
        Sequential head = new Sequential("d.head", List.of(new GlobalAvgPool(), new Dense("d.fc1", in, 1024, init),
                new LeakyRelu("d.fc1.act", 0.2), new Dense("d.fc2", 1024, 1, init)));
        return new VggDiscriminator(config, blocks, head);
    }

    @Override
    public int featureBlocks() { return FEATURE_BLOCKS; }

    @Override
    public Outputs forwardWithFeatures(INDArray x, Mode mode) {
        List<INDArray> features = new ArrayList<>(FEATURE_BLOCKS);
        INDArray h = x;
        for (Sequential block : blocks) {
            h = block.forward(h, mode);
            features.add(h);
        }
        INDArray logits = head.forward(h, mode);
        if (mode.cache()) cached.push(features);
        return new Outputs(logits, features);
    }

    @Override
    public INDArray backward(INDArray gradLogits, List<INDArray> featureGrads) {
        List<INDArray> features = cached.pop();
        INDArray g = head.backward(gradLogits);
        for (int i = FEATURE_BLOCKS - 1; i >= 0; i--) {
            if (featureGrads != null && featureGrads.get(i) != null) g.addi(featureGrads.get(i));
            INDArray next = blocks.get(i).backward(g);
            g.close();
            g = next;
        }
        features.forEach(INDArray::close);
        return g;
    }

    @Override
    public void clearCache() {
        super.clearCache();
        while (!cached.isEmpty()) cached.pop().forEach(INDArray::close);
    }

    private static List<Layer> concat(List<Sequential> blocks, Sequential head) {
        List<Layer> all = new ArrayList<>(blocks);
        all.add(head);
        return all;
    }
}
