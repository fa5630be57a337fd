package io.srgan.core.arch;

import io.srgan.core.nn.BatchNorm;
import io.srgan.core.nn.Conv2d;
import io.srgan.core.nn.Init;
import io.srgan.core.nn.LeakyRelu;
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
                    .register("srresnet", Generators::srResNet);

    private Generators() {}

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
        return new Generator(c, new Sequential("generator", stack.layers()), true, stack.radiusLr());
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
        return new Generator(c, new Sequential("generator", stack.layers()), false, stack.radiusLr());
    }
}
