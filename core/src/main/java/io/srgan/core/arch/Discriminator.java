package io.srgan.core.arch;

import io.srgan.core.nn.Init;
import io.srgan.core.nn.Layer;
import io.srgan.core.nn.Mode;
import io.srgan.core.nn.NhwcFeatures;
import io.srgan.core.nn.Network;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A GAN discriminator: images [N,H,W,3] in [0,1] → logits, one per image ([N,1], {@code vgg},
 * {@code vgg128}, {@code vgg256}) or one per pixel ([N,H,W,1], {@code unet-sn}); the adversarial losses
 * average over every logit. Its intermediate maps are the features of discriminator feature
 * matching: {@link #forwardWithFeatures} exposes them and {@link #backward(INDArray, List)} accepts
 * gradients for them. Several TRAIN forwards (real, then fake) may be followed by backwards in
 * reverse order.
 */
public abstract class Discriminator extends Network {
    private final DiscriminatorConfig config;

    Discriminator(DiscriminatorConfig config, Layer body) {
        super(body);
        this.config = config;
    }

    public static Discriminator build(DiscriminatorConfig config, Init init) {
        return switch (config.arch()) {
            case "vgg" -> VggDiscriminator.create(config, init);
            case "unet-sn" -> UNetDiscriminator.create(config, init);
            case "vgg128", "vgg256" -> Vgg128Discriminator.create(config, init);
            default -> throw new IllegalArgumentException("unknown discriminator arch '" + config.arch() + "'");
        };
    }

    public DiscriminatorConfig config() { return config; }

    /** Whether training forwards keep activations in the channel-blocked layout between convolutions ({@link io.srgan.core.nn.BlockedPlan}). */
    public boolean trainsInBlockedLayout() { return false; }

    /** How many feature maps {@link #forwardWithFeatures} gives (feature matching's block indices are below it). */
    public abstract int featureBlocks();

    /** Logits (caller owns). In caching modes the features are kept until {@link #backward}. */
    @Override
    public INDArray forward(INDArray x, Mode mode) {
        Outputs out = forwardWithFeatures(x, mode);
        if (!mode.cache()) NhwcFeatures.closeHandedOut(out.features());
        return out.logits();
    }

    /**
     * Logits plus the feature maps. In caching modes the features belong to this network and stay
     * valid until the matching backward; otherwise the caller owns and closes them.
     */
    public abstract Outputs forwardWithFeatures(INDArray x, Mode mode);

    @Override
    public INDArray backward(INDArray gradLogits) { return backward(gradLogits, null); }

    /**
     * Back-propagates from the logits and, where {@code featureGrads.get(i)} is not null, from feature
     * i. Returns dLoss/dInput (caller owns); parameter gradients accumulate.
     */
    public abstract INDArray backward(INDArray gradLogits, List<INDArray> featureGrads);

    /** As {@link #backward(INDArray)} for the discriminator's own update, which discards dLoss/dInput. */
    @Override
    public abstract void backwardParamsOnly(INDArray gradLogits);

    /** Forward results: the logits and the feature maps. */
    public record Outputs(INDArray logits, List<INDArray> features) {
        /** Closes what the caller owns after a non-caching forward ({@link Mode#cache()} false). */
        public void closeAll() {
            logits.close();
            NhwcFeatures.closeHandedOut(features);
        }
    }
}
