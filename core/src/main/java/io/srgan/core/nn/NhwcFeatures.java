package io.srgan.core.nn;

import java.util.AbstractList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's feature maps (feature matching, perceptual taps) handed out NHWC when the network
 * keeps them in the {@link BlockedLayout}: a blocked map is converted on first read, so features
 * nobody reads cost nothing. After a caching forward the copy joins {@code owned} (closed with the
 * network's cache at the backward); otherwise the caller owns the maps ({@link #closeHandedOut}),
 * and a blocked one is closed once converted. Features of a caching forward are read before its
 * backward, which closes the maps. Their gradients come back NHWC ({@link #addGradient}).
 */
public final class NhwcFeatures extends AbstractList<INDArray> {
    private final INDArray[] maps;
    private final List<INDArray> owned;

    private NhwcFeatures(INDArray[] maps, List<INDArray> owned) {
        this.maps = maps;
        this.owned = owned;
    }

    /** The maps of a caching forward ({@code owned}: the network's, for the copies) or, with null, the caller's. */
    public static List<INDArray> of(INDArray[] maps, List<INDArray> owned) { return new NhwcFeatures(maps, owned); }

    /** Closes features a non-caching forward handed out, without converting the unread ones. */
    public static void closeHandedOut(List<INDArray> features) {
        if (features instanceof NhwcFeatures f) {
            for (INDArray m : f.maps) m.close();
        } else {
            features.forEach(INDArray::close);
        }
    }

    /** g += an NHWC feature gradient, g in either layout (g the network's own gradient, written in place). */
    public static void addGradient(INDArray g, INDArray featureGrad) {
        if (BlockedLayout.isBlocked(g) && !BlockedLayout.isBlocked(featureGrad)) {
            try (INDArray blocked = BlockedLayout.toBlocked(featureGrad)) {
                g.addi(blocked);
            }
        } else {
            g.addi(featureGrad);
        }
    }

    @Override
    public INDArray get(int i) {
        if (BlockedLayout.isBlocked(maps[i])) {
            INDArray blocked = maps[i];
            maps[i] = BlockedLayout.toNhwc(blocked);
            if (owned != null) owned.add(maps[i]);
            else blocked.close();
        }
        return maps[i];
    }

    @Override public int size() { return maps.length; }

    /** Map i as kept: blocked until read (for tests). */
    INDArray kept(int i) { return maps[i]; }
}
