package io.srgan.core.arch;

import io.srgan.core.nn.BilinearUpsample;
import io.srgan.core.nn.BlockedPlan;
import io.srgan.core.nn.Conv2d;
import io.srgan.core.nn.Init;
import io.srgan.core.nn.Layer;
import io.srgan.core.nn.LeakyRelu;
import io.srgan.core.nn.Mode;
import io.srgan.core.nn.NhwcFeatures;
import io.srgan.core.nn.Sequential;
import io.srgan.core.nn.SpectralNormConv2d;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Real-ESRGAN's UNetDiscriminatorSN: a U-Net that gives one logit per pixel, so the adversarial
 * signal says where an image looks wrong. conv0 (3→w) then three spectral-normalised 4×4 stride-2
 * convs down to w·8 at 1/8 resolution; three bilinear ×2 + spectral-normalised 3×3 convs back up,
 * each added to the encoder map of its resolution (skip connections); two more spectral-normalised
 * 3×3 convs; conv9 to one logit per pixel. LeakyReLU 0.2 after every conv but the last; the
 * spectral-normalised convs have no bias, as Real-ESRGAN's. Inputs need sides divisible by 8.
 *
 * <p>Features for feature matching: the outputs of conv1 … conv8 (after activation and skip), handed
 * out NHWC ({@link NhwcFeatures}); training forwards keep the maps in the {@link BlockedPlan}'s layout.
 */
final class UNetDiscriminator extends Discriminator {
    private final List<Layer> stages; // conv0 … conv8 (+ activation), with upsampling before conv4 … conv6
    private final Layer out;          // conv9
    private final Deque<List<INDArray>> cached = new ArrayDeque<>();
    private final boolean blockedLayout;

    private UNetDiscriminator(DiscriminatorConfig config, List<Layer> stages, Layer out) {
        this(config, stages, out, new Sequential("discriminator", all(stages, out)));
    }

    /** Planned along the main path: each skip sum joins two maps of one channel count, which the plan puts in one layout. */
    private UNetDiscriminator(DiscriminatorConfig config, List<Layer> stages, Layer out, Sequential all) {
        super(config, all);
        this.stages = stages;
        this.out = out;
        this.blockedLayout = BlockedPlan.apply(all);
    }

    @Override
    public boolean trainsInBlockedLayout() { return blockedLayout; }

    static UNetDiscriminator create(DiscriminatorConfig config, Init init) {
        int w = config.width();
        List<Layer> s = new ArrayList<>();
        s.add(new Sequential("d.conv0", List.of(new Conv2d("d.conv0", 3, w, 3, 1, init), act("d.conv0"))));
        int[] down = {w, 2 * w, 4 * w, 8 * w};
        for (int i = 1; i <= 3; i++) {
            String n = "d.conv" + i;
            s.add(new Sequential(n, List.of(new SpectralNormConv2d(n, down[i - 1], down[i], 4, 2, 1, false, init), act(n))));
        }
        for (int i = 4; i <= 6; i++) {
            String n = "d.conv" + i;
            s.add(new Sequential(n, List.of(new BilinearUpsample(),
                    new SpectralNormConv2d(n, down[7 - i], down[6 - i], 3, 1, 1, false, init), act(n))));
        }
        for (int i = 7; i <= 8; i++) {
            String n = "d.conv" + i;
            s.add(new Sequential(n, List.of(new SpectralNormConv2d(n, w, w, 3, 1, 1, false, init), act(n))));
        }
        return new UNetDiscriminator(config, s, new Conv2d("d.conv9", w, 1, 3, 1, init));
    }

    private static Layer act(String name) { return new LeakyRelu(name + ".act", 0.2); }

    @Override
    public int featureBlocks() { return config().featureBlocks(); }

    /** Stage i's skip source: conv4 adds conv2's output, conv5 conv1's, conv6 conv0's. */
    private static int skipOf(int stage) { return stage >= 4 && stage <= 6 ? 6 - stage : -1; }

    @Override
    public Outputs forwardWithFeatures(INDArray x, Mode mode) {
        if (x.size(1) % 8 != 0 || x.size(2) % 8 != 0) {
            throw new IllegalArgumentException("the unet-sn discriminator needs patch sides divisible by 8, got "
                    + x.size(1) + "x" + x.size(2) + " (HR patch = train.lr-patch × scale)");
        }
        List<INDArray> maps = new ArrayList<>(stages.size());
        List<INDArray> owned = new ArrayList<>(); // stage outputs before their skip sum: cached by the stage's activation
        INDArray h = x;
        for (int i = 0; i < stages.size(); i++) {
            h = stages.get(i).forward(h, mode);
            int skip = skipOf(i);
            if (skip >= 0) {
                if (h.rank() != maps.get(skip).rank()) throw new IllegalStateException("skip sum of stage " + i + " joins two layouts");
                INDArray sum = h.add(maps.get(skip)); // not in place: the LeakyReLU's backward reads h
                if (mode.cache()) owned.add(h);
                else h.close();
                h = sum;
            }
            maps.add(h);
        }
        INDArray logits = out.forward(h, mode);
        INDArray[] features = maps.subList(1, maps.size()).toArray(INDArray[]::new);
        if (mode.cache()) {
            owned.addAll(maps);
            cached.push(owned);
        } else {
            maps.get(0).close();
        }
        return new Outputs(logits, NhwcFeatures.of(features, mode.cache() ? owned : null));
    }

    @Override
    public INDArray backward(INDArray gradLogits, List<INDArray> featureGrads) { return backward(gradLogits, featureGrads, true); }

    @Override
    public void backwardParamsOnly(INDArray gradLogits) { backward(gradLogits, null, false); }

    private INDArray backward(INDArray gradLogits, List<INDArray> featureGrads, boolean inputGradient) {
        List<INDArray> owned = cached.pop();
        INDArray[] grads = new INDArray[stages.size()];
        grads[stages.size() - 1] = out.backward(gradLogits);
        INDArray dx = null;
        for (int i = stages.size() - 1; i >= 0; i--) {
            INDArray g = grads[i];
            if (i >= 1 && featureGrads != null && featureGrads.get(i - 1) != null) NhwcFeatures.addGradient(g, featureGrads.get(i - 1));
            int skip = skipOf(i);
            if (skip >= 0) grads[skip] = g.dup(); // the skip sum passes its gradient to both summands (set first: skip < i − 1)
            if (i == 0 && !inputGradient) {
                stages.get(0).backwardParamsOnly(g);
                g.close();
                break;
            }
            INDArray below = stages.get(i).backwardInPlace(g); // g is this network's own, closed here
            if (below != g) g.close();
            if (i == 0) {
                dx = below;
            } else if (grads[i - 1] == null) {
                grads[i - 1] = below;
            } else {
                grads[i - 1].addi(below);
                below.close();
            }
        }
        owned.forEach(INDArray::close);
        return dx;
    }

    @Override
    public void clearCache() {
        super.clearCache();
        while (!cached.isEmpty()) cached.pop().forEach(INDArray::close);
    }

    private static List<Layer> all(List<Layer> stages, Layer out) {
        List<Layer> a = new ArrayList<>(stages);
        a.add(out);
        return a;
    }
}
