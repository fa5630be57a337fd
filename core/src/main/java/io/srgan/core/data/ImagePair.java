package io.srgan.core.data;

import java.util.Objects;

/**
 * An aligned training pair: {@code hr} is exactly {@code scale} times {@code lr} in both sides
 * (checked by {@link PatchSampler}). Both are RGB {@link FloatImage}s in [0, 1].
 *
 * @param name identifies the pair in errors (usually the file name)
 */
public record ImagePair(String name, FloatImage lr, FloatImage hr) implements java.io.Serializable {
    public ImagePair {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lr, "lr");
        Objects.requireNonNull(hr, "hr");
    }

    /**
     * A pair from an HR image alone, as the benchmark LR files are made: HR cropped to a multiple of
     * {@code scale} ({@link ModCrop}), LR = {@link MatlabBicubic#downscaleUint8} of that crop.
     */
    public static ImagePair fromHr(String name, FloatImage hr, int scale) {
        FloatImage cropped;
        try {
            cropped = ModCrop.toMultiple(hr, scale);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
        return new ImagePair(name, MatlabBicubic.downscaleUint8(cropped, scale), cropped);
    }
}
