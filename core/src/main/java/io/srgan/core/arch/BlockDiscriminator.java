package io.srgan.core.arch;

import io.srgan.core.nn.BlockedPlan;
import io.srgan.core.nn.Layer;
import io.srgan.core.nn.Mode;
import io.srgan.core.nn.Sequential;
import io.srgan.core.nn.TappedChain;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A discriminator that is a chain of conv blocks followed by a head to the logits ({@code vgg},
 * {@code vgg128}, {@code vgg256}). The block outputs, in order, are the features for discriminator
 * feature matching. Several TRAIN forwards (real, then fake) may be followed by backwards in reverse
 * order.
 */
abstract class BlockDiscriminator extends Discriminator {
    private final TappedChain chain; // the blocks, tapped, then the head
    private final int blocks;

    private final boolean blockedLayout;

    BlockDiscriminator(DiscriminatorConfig config, List<Sequential> blocks, Sequential head) {
        this(config, new Sequential("discriminator", concat(blocks, head)), blocks, head);
    }

    private BlockDiscriminator(DiscriminatorConfig config, Sequential body, List<Sequential> blocks, Sequential head) {
        super(config, body);
        this.chain = new TappedChain("discriminator", concat(blocks, head), IntStream.range(0, blocks.size()).toArray());
        this.blocks = blocks.size();
        this.blockedLayout = BlockedPlan.apply(body);
    }

    @Override
    public boolean trainsInBlockedLayout() { return blockedLayout; }

    /** Refuses an input the network cannot take (by default none). */
    void checkInput(INDArray x) {}

    @Override
    public int featureBlocks() { return blocks; }

    @Override
    public Outputs forwardWithFeatures(INDArray x, Mode mode) {
        checkInput(x);
        TappedChain.Outputs out = chain.forward(x, mode);
        return new Outputs(out.output(), out.taps());
    }

    @Override
    public INDArray backward(INDArray gradLogits, List<INDArray> featureGrads) {
        return chain.backward(gradLogits, featureGrads);
    }

    @Override
    public void backwardParamsOnly(INDArray gradLogits) { chain.backwardParamsOnly(gradLogits, null); }

    @Override
    public void clearCache() {
        super.clearCache();
        chain.clearCache();
    }

    private static List<Layer> concat(List<Sequential> blocks, Sequential head) {
        List<Layer> all = new ArrayList<>(blocks);
        all.add(head);
        return all;
    }
}
