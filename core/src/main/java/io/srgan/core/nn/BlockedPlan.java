package io.srgan.core.nn;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which convolutions of a network hand their training activations on in the {@link BlockedLayout}.
 * The plan follows the layout through the network as each convolution would emit it (blocked when
 * its output channels are a multiple of 16, it is not the last layer and no shuffle right after it
 * leaves fewer than 16 channels) and is applied only if some convolution then runs blocked (16·k
 * input channels, a blocked side) and every layer on the way takes what reaches it: convolutions
 * take either layout, leaky ReLUs apply elementwise, PReLUs and batch norms per channel block,
 * nearest upsampling by blocks, a discriminator's pooling or flattening in either layout (it hands a
 * vector on), a dense block in the layout it receives (its convolutions emit that layout, so every
 * concatenation joins like with like), a residual sum needs its body to end in its input's layout,
 * a depth-to-space hands on NHWC when fewer than 16·k channels are left, a spectral-normalised
 * convolution is planned as its convolution, bilinear upsampling runs on either layout, and the
 * network must end in NHWC. Any other layer (transposed convolutions) leaves the whole network as
 * it was: NHWC throughout. Planned: the generators msrresnet (sub-pixel), srresnet (sub-pixel),
 * srvgg and rrdb, the discriminators vgg, vgg128, vgg256 and unet-sn (its skip sums join maps of
 * equal channel counts, which the plan puts in the same layout).
 *
 * <p>Only FLOAT networks on CPUs where oneDNN has its AVX-512 kernels are planned
 * ({@link BlockedLayout#UNAVAILABLE}), and the layout applies only in training forwards:
 * inference, DOUBLE gradient checks and other CPUs see NHWC only.
 */
public final class BlockedPlan {
    /** {@code -Dsrgan.training.blocked-layout=false} leaves every network built after it NHWC (for a comparison, or around a fault). */
    public static final String PROPERTY = "srgan.training.blocked-layout";

    private BlockedPlan() {}

    /** Null where the blocked layout runs (FLOAT networks, oneDNN with AVX-512 kernels), else why it does not. */
    public static String unavailable() { return BlockedLayout.UNAVAILABLE; }

    /** Plans and applies; whether the network takes the blocked layout (false: it is left NHWC). */
    public static boolean apply(Sequential network) {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) return false;
        Map<Conv2d, Boolean> emits = new IdentityHashMap<>();
        Map<Conv2d, Boolean> runsBlocked = new IdentityHashMap<>();
        Flow out = walk(network, new Flow(false, -1), null, emits, runsBlocked, true);
        // nothing to gain where no convolution runs blocked (8 channels: only conversions there and back)
        if (out == null || out.blocked || !runsBlocked.containsValue(true)) return false;
        emits.forEach(Conv2d::emitBlocked);
        return true;
    }

    /** A map's layout and channel count (-1: not known, as the network's input). */
    private record Flow(boolean blocked, long channels) {}

    /**
     * The flow out of a layer given the flow in (and the layer after it in its sequence, or null), or
     * null where a layer cannot take it; records each convolution's output layout, and whether it
     * runs as a blocked convolution (a blocked side and 16·k input channels).
     */
    private static Flow walk(Layer layer, Flow in, Layer next, Map<Conv2d, Boolean> emits, Map<Conv2d, Boolean> runsBlocked,
                             boolean last) {
        if (layer instanceof Sequential s) {
            List<Layer> layers = s.layers();
            Flow f = in;
            for (int i = 0; i < layers.size() && f != null; i++) {
                Layer after = i + 1 < layers.size() ? layers.get(i + 1) : null;
                f = walk(layers.get(i), f, after, emits, runsBlocked, last && i == layers.size() - 1);
            }
            return f;
        }
        if (layer instanceof Residual r) {
            Flow f = walk(r.body(), in, null, emits, runsBlocked, false);
            return f != null && f.blocked == in.blocked ? f : null;
        }
        if (layer instanceof SpectralNormConv2d sn) return walk(sn.conv(), in, next, emits, runsBlocked, last);
        if (layer instanceof Conv2d c) {
            // not into a shuffle that leaves fewer than 16 channels: it would convert straight back
            boolean blocked = !last && BlockedLayout.fits(c.outChannels(), c.dataType())
                    && !(next instanceof DepthToSpace d && !d.staysBlocked(c.outChannels()));
            emits.put(c, blocked);
            runsBlocked.put(c, (in.blocked || blocked) && BlockedLayout.fits(c.inChannels(), c.dataType()));
            return new Flow(blocked, c.outChannels());
        }
        if (layer instanceof LeakyRelu || layer instanceof PRelu || layer instanceof NearestUpsample || layer instanceof BatchNorm
                || layer instanceof BilinearUpsample) {
            return in;
        }
        // a discriminator's head: the map becomes a vector, whichever layout it came in
        if (layer instanceof GlobalAvgPool || layer instanceof Flatten || layer instanceof Dense) return new Flow(false, -1);
        if (layer instanceof PixelUnshuffle) return in.blocked ? null : in; // Real-ESRGAN x2's input: before any convolution
        if (layer instanceof DenseBlock d) {
            boolean blocked = in.blocked && d.fitsBlocked(d.convs().get(0).dataType());
            if (in.blocked != blocked) return null;
            d.convs().forEach(c -> {
                emits.put(c, blocked);
                runsBlocked.put(c, blocked);
            });
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
