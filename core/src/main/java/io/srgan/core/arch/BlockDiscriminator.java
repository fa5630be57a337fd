package io.srgan.core.arch;

import io.srgan.core.nn.Layer;
import io.srgan.core.nn.Mode;
import io.srgan.core.nn.Sequential;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A discriminator that is a chain of conv blocks followed by a head to the logits ({@code vgg},
 * {@code vgg128}, {@code vgg256}). The block outputs, in order, are the features for discriminator
 * feature matching. Several TRAIN forwards (real, then fake) may be followed by backwards in reverse
 * order.
 */
abstract class BlockDiscriminator extends Discriminator {
    private final List<Sequential> blocks;
    private final Sequential head;
    private final Deque<List<INDArray>> cached = new ArrayDeque<>();

    BlockDiscriminator(DiscriminatorConfig config, List<Sequential> blocks, Sequential head) {
        super(config, new Sequential("discriminator", concat(blocks, head)));
        this.blocks = List.copyOf(blocks);
        this.head = head;
    }

    /** Refuses an input the network cannot take (by default none). */
    void checkInput(INDArray x) {}

    @Override
    public int featureBlocks() { return blocks.size(); }

    @Override
    public Outputs forwardWithFeatures(INDArray x, Mode mode) {
        checkInput(x);
        List<INDArray> features = new ArrayList<>(blocks.size());
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
        for (int i = blocks.size() - 1; i >= 0; i--) {
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
