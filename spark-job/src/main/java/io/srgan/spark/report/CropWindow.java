package io.srgan.spark.report;

import io.srgan.core.data.FloatImage;

/**
 * A square LR window of a validation image to show enlarged: the one with the most luma gradient
 * (sum of absolute horizontal and vertical differences), where texture and edges show what a
 * generator does. Deterministic: ties go to the first window in raster order.
 *
 * @param y top row in LR pixels
 * @param x left column in LR pixels
 */
record CropWindow(int y, int x, int size) {
    /** The busiest {@code size}² window (smaller when the image is), searched on a 2-pixel grid. */
    static CropWindow busiest(FloatImage lr, int size) {
        int h = lr.height();
        int w = lr.width();
        int s = Math.min(size, Math.min(h, w));
        double[][] integral = gradientIntegral(lr);
        CropWindow best = new CropWindow(0, 0, s);
        double bestEnergy = -1;
        for (int y = 0; y + s <= h; y += 2) {
            for (int x = 0; x + s <= w; x += 2) {
                double e = integral[y + s][x + s] - integral[y][x + s] - integral[y + s][x] + integral[y][x];
                if (e > bestEnergy) {
                    bestEnergy = e;
                    best = new CropWindow(y, x, s);
                }
            }
        }
        return best;
    }

    /** Summed-area table of the gradient magnitude, (h+1)×(w+1). */
    private static double[][] gradientIntegral(FloatImage lr) {
        int h = lr.height();
        int w = lr.width();
        double[][] sum = new double[h + 1][w + 1];
        for (int y = 0; y < h; y++) {
            double row = 0;
            for (int x = 0; x < w; x++) {
                double l = luma(lr, y, x);
                double g = (x + 1 < w ? Math.abs(luma(lr, y, x + 1) - l) : 0) + (y + 1 < h ? Math.abs(luma(lr, y + 1, x) - l) : 0);
                row += g;
                sum[y + 1][x + 1] = sum[y][x + 1] + row;
            }
        }
        return sum;
    }

    private static double luma(FloatImage im, int y, int x) {
        return im.channels() == 1 ? im.get(y, x, 0) : 0.299 * im.get(y, x, 0) + 0.587 * im.get(y, x, 1) + 0.114 * im.get(y, x, 2);
    }
}
