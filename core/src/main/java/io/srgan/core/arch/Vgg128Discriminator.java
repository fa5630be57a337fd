package io.srgan.core.arch;

import io.srgan.core.nn.BatchNorm;
import io.srgan.core.nn.Conv2d;
import io.srgan.core.nn.Dense;
import io.srgan.core.nn.Flatten;
import io.srgan.core.nn.Init;
import io.srgan.core.nn.Layer;
import io.srgan.core.nn.LeakyRelu;
import io.srgan.core.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ESRGAN's discriminator, BasicSR's {@code VGGStyleDiscriminator} ({@code discriminator.arch = vgg128},
 * its {@code input_size = 256} variant {@code vgg256}). With w = {@code discriminator.width}
 * (BasicSR's num_feat, 64): conv0_0 3×3 stride 1 with bias, then for each stage s a 3×3 stride-1
 * conv s_0 (not in stage 0) and a 4×4 stride-2 conv s_1 (padding 1), bias-free, each followed by
 * batch norm bn{s}_{0,1}; LeakyReLU 0.2 after every conv. Channels w·(1, 2, 4, 8, 8) over stages 0–4
 * (and w·8 for stage 5 of vgg256), so a 128 (256) input ends as a 4×4 map of w·8 channels, flattened
 * and read by linear1 (→ 100), LeakyReLU 0.2, linear2 (→ 1). Input [N,S,S,3] in [0,1] with S the
 * fixed input size; output logits [N,1]. Batch norm uses the statistics of each D call, as BasicSR's
 * (real and fake batches are separate calls).
 *
 * <p>Features for feature matching: the outputs of the convs after their activation, in order
 * (conv0_0, conv0_1, conv1_0, … conv4_1: 10 blocks; vgg256 12).
 *
 * <p>Parameter names are BasicSR's, so a PyTorch state dict maps over name by name:
 * {@code convS_K.weight} [out,in,kH,kW] → [kH,kW,in,out]; {@code conv0_0.bias} as is; {@code bnS_K.weight}
 * → {@code bnS_K.gamma}, {@code .bias} → {@code .beta}, {@code .running_mean} and {@code .running_var} as
 * are ({@code num_batches_tracked} has no counterpart: the momentum is fixed at 0.1); {@code linearK.weight}
 * [out,in] → [in,out] (transposed), {@code linearK.bias} as is. The transpose is the whole permutation of
 * linear1 too: the 4×4 map is flattened in PyTorch's NCHW order ((c, h, w), see {@link Flatten}), not in
 * this project's NHWC memory order, so linear1's input index c·16 + h·4 + w is PyTorch's.
 */
final class Vgg128Discriminator extends BlockDiscriminator {
    private static final int HEAD_MAP = 4; // the side of the map linear1 reads
    private static final int HIDDEN = 100;

    private final int inputSize;

    private Vgg128Discriminator(DiscriminatorConfig config, List<Sequential> blocks, Sequential head) {
        super(config, blocks, head);
        this.inputSize = config.inputSize();
    }

    static Vgg128Discriminator create(DiscriminatorConfig config, Init init) {
        int w = config.width();
        int stages = Integer.numberOfTrailingZeros(config.inputSize() / HEAD_MAP); // 128 → 5 stages, 256 → 6
        List<Sequential> blocks = new ArrayList<>();
        blocks.add(new Sequential("conv0_0", List.of(new Conv2d("conv0_0", 3, w, 3, 1, init), act("conv0_0"))));
        int in = w;
        for (int s = 0; s < stages; s++) {
            int out = w * Math.min(1 << s, 8);
            if (s > 0) {
                blocks.add(normalised(s + "_0", Conv2d.withoutBias("conv" + s + "_0", in, out, 3, 1, 1, init), out, init));
                in = out;
            }
            blocks.add(normalised(s + "_1", Conv2d.withoutBias("conv" + s + "_1", in, out, 4, 2, 1, init), out, init));
        }
        int flat = in * HEAD_MAP * HEAD_MAP;
        Sequential head = new Sequential("head", List.of(new Flatten(), new Dense("linear1", flat, HIDDEN, init),
                act("linear1"), new Dense("linear2", HIDDEN, 1, init)));
        return new Vgg128Discriminator(config, blocks, head);
    }

    /** conv{id} (bias-free), bn{id}, LeakyReLU. */
    private static Sequential normalised(String id, Conv2d conv, int channels, Init init) {
        return new Sequential("conv" + id, List.of(conv, new BatchNorm("bn" + id, channels, init), act("conv" + id)));
    }

    private static Layer act(String name) { return new LeakyRelu(name + ".act", 0.2); }

    @Override
    void checkInput(INDArray x) {
        if (x.size(1) != inputSize || x.size(2) != inputSize) {
            throw new IllegalArgumentException("the " + config().arch() + " discriminator takes " + inputSize + "x" + inputSize
                    + " patches only, got " + x.size(1) + "x" + x.size(2) + " (HR patch = train.lr-patch × scale)");
        }
    }
}
