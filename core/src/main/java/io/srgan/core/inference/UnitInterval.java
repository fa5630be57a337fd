package io.srgan.core.inference;

/** Clamping model outputs to [0, 1] and quantising them to integer sample levels. */
final class UnitInterval {
    private UnitInterval() {
    }

    /** {@code v} clamped to [0, 1]; NaN maps to 0 so a broken pixel shows as black, not as garbage. */
    static float clamp(float v) {
        return v >= 0f ? (v <= 1f ? v : 1f) : 0f;
    }

    /** The nearest of {@code 0..maxLevel} to the clamped value (255 for 8 bit, 65535 for 16 bit). */
    static int quantize(float v, int maxLevel) {
        return (int) (clamp(v) * maxLevel + 0.5f);
    }
}
