package io.srgan.core.inference;

/**
 * RGB(A) output rows reduced to gray(+alpha) for sinks writing a gray mode: R where R = G = B, else
 * the BT.601 luma 0.299R + 0.587G + 0.114B — the rule of {@link io.srgan.core.data.ImageEncoder}.
 */
final class GrayRows {
    private GrayRows() {
    }

    /**
     * Reduces one row of {@code width} pixels of {@code channels} (3 or 4) floats at {@code offset}
     * into {@code out}: 1 float per pixel, or 2 (gray, alpha) for 4 channels.
     */
    static void reduce(float[] src, int offset, int width, int channels, float[] out) {
        int outChannels = channels - 2;
        for (int x = 0; x < width; x++) {
            int s = offset + x * channels;
            float r = src[s];
            float g = src[s + 1];
            float b = src[s + 2];
            out[x * outChannels] = r == g && g == b ? r : (float) (0.299 * r + 0.587 * g + 0.114 * b);
            if (channels == 4) {
                out[x * outChannels + 1] = src[s + 3];
            }
        }
    }
}
