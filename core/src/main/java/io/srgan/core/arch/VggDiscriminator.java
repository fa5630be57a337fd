package io.srgan.core.arch;

import io.srgan.core.nn.BatchNorm;
import io.srgan.core.nn.Conv2d;
import io.srgan.core.nn.Dense;
import io.srgan.core.nn.GlobalAvgPool;
import io.srgan.core.nn.Init;
import io.srgan.core.nn.Layer;
import io.srgan.core.nn.LeakyRelu;
import io.srgan.core.nn.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * SRGAN's VGG-style discriminator ({@code discriminator.arch = vgg}): 8 conv3×3 blocks (strides 1,2,1,2,…; normalisation after all
 * but the first; LeakyReLU 0.2), global average pooling (any patch size), dense 1024, LeakyReLU,
 * dense → one logit per image. Input [N,H,W,3] in [0,1]; output logits [N,1].
 *
 * <p>The outputs of the 8 conv blocks are the features for discriminator feature matching.
 */
final class VggDiscriminator extends BlockDiscriminator {
    static final int FEATURE_BLOCKS = 8;

    private VggDiscriminator(DiscriminatorConfig config, List<Sequential> blocks, Sequential head) {
        super(config, blocks, head);
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
}
