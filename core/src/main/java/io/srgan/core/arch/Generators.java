package io.srgan.core.arch;

import io.srgan.core.nn.BatchNorm;
import io.srgan.core.nn.Conv2d;
import io.srgan.core.nn.DenseBlock;
import io.srgan.core.nn.DepthToSpace;
import io.srgan.core.nn.Init;
import io.srgan.core.nn.LeakyRelu;
import io.srgan.core.nn.NearestUpsample;
import io.srgan.core.nn.PixelUnshuffle;
import io.srgan.core.nn.PRelu;
import io.srgan.core.nn.Residual;
import io.srgan.core.nn.Sequential;
import io.srgan.core.util.Registry;
import java.util.List;
import java.util.function.BiFunction;

/** Builds generators by architecture name. */
public final class Generators {
    private static final Registry<BiFunction<GeneratorConfig, Init, Generator>> ARCHS =
            new Registry<BiFunction<GeneratorConfig, Init, Generator>>("generator arch")
                    .register("msrresnet", Generators::msrResNet)
                    .register("srresnet", Generators::srResNet)
                    .register("rrdb", Generators::rrdbNet)
                    .register("srvgg", Generators::srvggNetCompact);

    private Generators() {}

    /** The registered architecture names. */
    public static java.util.Set<String> archs() { return ARCHS.names(); }

    /** Throws, listing the known names, unless {@code arch} is registered. */
    static void requireKnown(String arch) {
        ARCHS.get(arch);
    }

    public static Generator build(GeneratorConfig config, Init init) {
        return ARCHS.get(config.arch()).apply(config, init);
    }

    /**
     * BasicSR's MSRResNet: conv3×3 + LeakyReLU(0.1) head, B blocks conv3×3–ReLU–conv3×3 + skip,
     * upsampling stages with LeakyReLU(0.1), conv3×3–LeakyReLU–conv3×3 tail, plus the bilinear
     * upsampled input.
     */
    static Generator msrResNet(GeneratorConfig c, Init init) {
        int ch = c.channels();
        LayerStack stack = new LayerStack(init);
        stack.conv("head", 3, ch, 3).add(new LeakyRelu("head.act", 0.1));
        for (int b = 0; b < c.blocks(); b++) {
            String n = "body." + b;
            LayerStack block = new LayerStack(init);
            block.conv(n + ".conv1", ch, ch, 3).add(new LeakyRelu(n + ".act", 0.0)).conv(n + ".conv2", ch, ch, 3);
            stack.add(new Residual(new Sequential(n, block.layers())));
            stack.growRadius(2);
        }
        int[] stages = c.stages();
        for (int i = 0; i < stages.length; i++) {
            String n = "up." + i;
            Upsamplers.stage(stack, c.upsampler(), n, ch, stages[i], cc -> new LeakyRelu(n + ".act", 0.1));
        }
        stack.conv("tail.conv1", ch, ch, 3).add(new LeakyRelu("tail.act", 0.1)).conv("tail.conv2", ch, 3, 3);
        stack.growRadius(c.scale()); // the bilinear skip reaches one LR pixel
        return new Generator(c, new Sequential("generator", stack.layers()), InputSkip.BILINEAR, stack.radiusLr());
    }

    /**
     * The SRGAN paper's SRResNet (Ledig et al. 2017): conv9×9 + PReLU head, B blocks
     * conv–BN–PReLU–conv–BN + skip, conv–BN with a global skip, upsampling stages with PReLU,
     * conv9×9 tail.
     */
    static Generator srResNet(GeneratorConfig c, Init init) {
        int ch = c.channels();
        LayerStack stack = new LayerStack(init);
        stack.conv("head", 3, ch, 9).add(new PRelu("head.act", ch, init));
        LayerStack trunk = new LayerStack(init);
        for (int b = 0; b < c.blocks(); b++) {
            String n = "body." + b;
            trunk.add(new Residual(new Sequential(n, List.of(
                    new Conv2d(n + ".conv1", ch, ch, 3, 1, init), new BatchNorm(n + ".bn1", ch, init),
                    new PRelu(n + ".act", ch, init),
                    new Conv2d(n + ".conv2", ch, ch, 3, 1, init), new BatchNorm(n + ".bn2", ch, init)))));
            stack.growRadius(2);
        }
        trunk.conv("body.conv", ch, ch, 3).add(new BatchNorm("body.bn", ch, init));
        stack.growRadius(1);
        stack.add(new Residual(new Sequential("body", trunk.layers())));
        int[] stages = c.stages();
        for (int i = 0; i < stages.length; i++) {
            String n = "up." + i;
            Upsamplers.stage(stack, c.upsampler(), n, ch, stages[i], cc -> new PRelu(n + ".act", cc, init));
        }
        stack.conv("tail", ch, 3, 9);
        return new Generator(c, new Sequential("generator", stack.layers()), InputSkip.NONE, stack.radiusLr());
    }

    /** ESRGAN's residual scaling, inside each dense block and around each RRDB. */
    public static final double RRDB_RESIDUAL_SCALE = 0.2;
    public static final int RRDB_DENSE_CONVS = 5;

    /**
     * ESRGAN's RRDBNet (Wang et al. 2018) with BasicSR's parameter names: (×2 and ×1: pixel-unshuffle
     * by 2 or 4, as Real-ESRGAN's x2 and x1 models, then the ×4 network) conv_first; B RRDBs (three
     * residual dense blocks each, residual scale 0.2 inside and around) then conv_body, all under
     * one skip; per ×2 stage nearest ×2, conv_up{i}, LeakyReLU(0.2); conv_hr, LeakyReLU(0.2),
     * conv_last. The dense-block convs start at BasicSR's Kaiming ×0.1, the others at PyTorch's default.
     */
    static Generator rrdbNet(GeneratorConfig c, Init init) {
        int ch = c.channels();
        LayerStack stack = new LayerStack(init);
        int unshuffle = c.inputAlignment();
        if (unshuffle > 1) { // Real-ESRGAN's x2 (x1): the x4 network on a half (quarter) resolution, 4× (16×) deeper input
            stack.add(new PixelUnshuffle(unshuffle));
            stack.downsampled(unshuffle);
        }
        stack.conv("conv_first", 3 * unshuffle * unshuffle, ch, 3);
        LayerStack trunk = new LayerStack(init);
        for (int b = 0; b < c.blocks(); b++) {
            String n = "body." + b;
            List<io.srgan.core.nn.Layer> denseBlocks = new java.util.ArrayList<>();
            for (int d = 1; d <= 3; d++) {
                denseBlocks.add(new Residual(new DenseBlock(n + ".rdb" + d, ch, c.growth(), RRDB_DENSE_CONVS, 0.1, init),
                        RRDB_RESIDUAL_SCALE));
                stack.growRadius(RRDB_DENSE_CONVS);
            }
            trunk.add(new Residual(new Sequential(n, denseBlocks), RRDB_RESIDUAL_SCALE));
        }
        trunk.conv("conv_body", ch, ch, 3);
        stack.growRadius(1);
        stack.add(new Residual(new Sequential("body", trunk.layers())));
        int[] stages = c.rrdbStages();
        for (int i = 0; i < stages.length; i++) {
            stack.add(new NearestUpsample(stages[i]));
            stack.upsampled(stages[i]);
            stack.conv("conv_up" + (i + 1), ch, ch, 3).add(new LeakyRelu("conv_up" + (i + 1) + ".act", 0.2));
        }
        stack.conv("conv_hr", ch, ch, 3).add(new LeakyRelu("conv_hr.act", 0.2));
        stack.conv("conv_last", ch, 3, 3);
        return new Generator(c, new Sequential("generator", stack.layers()), InputSkip.NONE, stack.radiusLr());
    }

    /**
     * Real-ESRGAN's SRVGGNetCompact (realesr-animevideov3, realesr-general-x4v3): conv3×3 3→C + PReLU,
     * B × (conv3×3 C→C + PReLU), conv3×3 C→3s², one ×s depth-to-space, plus the nearest-upsampled
     * input. All convolutions run at LR. Parameter names are Real-ESRGAN's {@code body.N} ModuleList
     * indices: convs at even N (the last at 2B + 2), PReLU slopes {@code body.N.weight} at odd N. The
     * shuffle uses this project's channel order, so an imported last conv has its output channels
     * reordered (TorchLayouts#shuffled), as MSRResNet's upconvs are.
     */
    static Generator srvggNetCompact(GeneratorConfig c, Init init) {
        int ch = c.channels(), s = c.scale();
        LayerStack stack = new LayerStack(init);
        stack.conv("body.0", 3, ch, 3).add(PRelu.torchNamed("body.1", ch, init));
        for (int i = 1; i <= c.blocks(); i++) {
            stack.conv("body." + 2 * i, ch, ch, 3).add(PRelu.torchNamed("body." + (2 * i + 1), ch, init));
        }
        stack.conv("body." + (2 * c.blocks() + 2), ch, 3 * s * s, 3);
        stack.add(new DepthToSpace(s));
        stack.shuffled(s);
        // the nearest skip reads only the LR pixel under each output pixel: the radius is B + 2 exactly
        return new Generator(c, new Sequential("generator", stack.layers()), InputSkip.NEAREST, stack.radiusLr());
    }
}
