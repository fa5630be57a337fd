package io.srgan.core.data;

/**
 * Float samples in [0, 1] to integer levels 0..max (255 for 8 bits, 65535 for 16): clamp, then
 * round half up, {@code floor(v·max + 0.5)} in double. Decoded levels {@code k/max} come back as
 * {@code k} exactly, which is what makes encode(decode(x)) lossless.
 */
public final class Quantizer {
    private Quantizer() {}

    /** The level of one sample; NaN is refused because it means an upstream computation broke. */
    public static int level(float v, int max) {
        if (Float.isNaN(v)) {
            throw new IllegalArgumentException("cannot quantise NaN: the image holds a NaN sample");
        }
        double clamped = v <= 0f ? 0.0 : v >= 1f ? 1.0 : v;
        return (int) Math.floor(clamped * max + 0.5);
    }

    /** Every sample of {@code image} as an 8-bit level 0..255, in the image's HWC order. */
    public static int[] levels8(FloatImage image) {
        float[] data = image.data();
        int[] out = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = level(data[i], 255);
        }
        return out;
    }
}
