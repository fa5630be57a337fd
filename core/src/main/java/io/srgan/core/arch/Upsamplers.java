package io.srgan.core.arch;

import io.srgan.core.nn.DepthToSpace;
import io.srgan.core.nn.Layer;
import io.srgan.core.nn.NearestUpsample;
import io.srgan.core.nn.TransposedConv2d;
import java.util.function.IntFunction;

/** The three upsampling stages a generator can use; each keeps the channel count C. */
final class Upsamplers {
    private Upsamplers() {}

    /**
     * Appends one ×factor stage followed by the given activation.
     * subpixel: conv C→f²C, depth-to-space (ESPCN, SRGAN); transposed: learnable transposed conv
     * (stride f, kernel 2f); nearest: nearest-neighbour ×f then conv C→C (ESRGAN).
     */
    static void stage(LayerStack stack, String kind, String name, int channels, int factor, IntFunction<Layer> activation) {
        switch (kind) {
            case "subpixel" -> {
                stack.conv(name + ".conv", channels, channels * factor * factor, 3);
                stack.add(new DepthToSpace(factor));
                stack.upsampled(factor);
            }
            case "transposed" -> {
                stack.add(new TransposedConv2d(name + ".deconv", channels, channels, factor, stack.init()));
                stack.upsampled(factor);
            }
            case "nearest" -> {
                stack.add(new NearestUpsample(factor));
                stack.upsampled(factor);
                stack.conv(name + ".conv", channels, channels, 3);
            }
            default -> throw new IllegalArgumentException("unknown upsampler '" + kind + "'");
        }
        stack.add(activation.apply(channels));
    }
}
