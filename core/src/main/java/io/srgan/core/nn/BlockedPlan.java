package io.srgan.core.nn;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Which convolutions of a network hand their training activations on in the {@link BlockedLayout}.
 * The plan follows the layout through the network as each convolution would emit it (blocked when
 * its output channels are a multiple of 16 and it is not the last layer) and is applied only if
 * every layer on the way takes what reaches it: convolutions take either layout, leaky ReLUs apply
 * elementwise, PReLUs per channel block, nearest upsampling by blocks, a dense block in the
 * layout it receives (its convolutions emit that layout, so every concatenation joins like with
 * like), a residual sum needs its body to end in its input's layout, a depth-to-space hands on
 * NHWC when fewer than 16·k channels are left, and the network must end in NHWC. Any other layer
 * (batch norm, transposed convolutions) leaves the whole network as it was: NHWC throughout.
 *
 * <p>Only FLOAT networks on CPUs where oneDNN has its AVX-512 kernels are planned
 * ({@link BlockedLayout#UNAVAILABLE}), and the layout applies only in caching (training) forwards:
 * inference, DOUBLE gradient checks and other CPUs see NHWC only.
 */
public final class BlockedPlan {
    /** {@code -Dsrgan.training.blocked-layout=false} leaves every network built after it NHWC (for a comparison, or around a fault). */
    public static final String PROPERTY = "srgan.training.blocked-layout";

    private BlockedPlan() {}

    /** Plans and applies; whether the network takes the blocked layout (false: it is left NHWC). */
    public static boolean apply(Sequential network) {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) return false;
        Map<Conv2d, Boolean> emits = new IdentityHashMap<>();
        Flow out = walk(network, new Flow(false, -1), emits, true);
        if (out == null || out.blocked) return false;
        if (!emits.containsValue(true)) return false;
        emits.forEach(Conv2d::emitBlocked);
        return true;
    }

    /** A map's layout and channel count (-1: not known, as the network's input). */
    private record Flow(boolean blocked, long channels) {}

    /** The flow out of a layer given the flow in, or null where a layer cannot take it; records each convolution's choice. */
    private static Flow walk(Layer layer, Flow in, Map<Conv2d, Boolean> emits, boolean last) {
        if (layer instanceof Sequential s) {
            Flow f = in;
            for (int i = 0; i < s.layers().size() && f != null; i++) {
                f = walk(s.layers().get(i), f, emits, last && i == s.layers().size() - 1);
            }
            return f;
        }
        if (layer instanceof Residual r) {
            Flow f = walk(r.body(), in, emits, false);
            return f != null && f.blocked == in.blocked ? f : null;
        }
        if (layer instanceof Conv2d c) {
            boolean blocked = !last && BlockedLayout.fits(c.outChannels(), c.dataType());
            emits.put(c, blocked);
            return new Flow(blocked, c.outChannels());
        }
        if (layer instanceof LeakyRelu || layer instanceof PRelu || layer instanceof NearestUpsample) return in;
        if (layer instanceof PixelUnshuffle) return in.blocked ? null : in; // Real-ESRGAN x2's input: before any convolution
        if (layer instanceof DenseBlock d) {
            boolean blocked = in.blocked && d.fitsBlocked(d.convs().get(0).dataType());
            if (in.blocked != blocked) return null;
            d.convs().forEach(c -> emits.put(c, blocked));
            return new Flow(blocked, d.channels());
        }
        if (layer instanceof DepthToSpace d) {
            long r2 = (long) d.factor() * d.factor();
            if (in.channels < 0 || in.channels % r2 != 0) return null;
            return new Flow(in.blocked && d.staysBlocked(in.channels), in.channels / r2);
        }
        return null;
    }
}
