package io.srgan.core.metric;

/** Peak signal-to-noise ratio of two planes on the 0–255 scale: {@code 10·log10(255² / MSE)}. */
public final class Psnr {
    private Psnr() {}

    /** In dB; {@link Double#POSITIVE_INFINITY} for identical planes. */
    public static double of(YPlane a, YPlane b) {
        checkSameSize(a, b);
        double[] x = a.values();
        double[] y = b.values();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            sum += d * d;
        }
        double mse = sum / x.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10.0 * Math.log10(255.0 * 255.0 / mse);
    }

    static void checkSameSize(YPlane a, YPlane b) {
        if (a.height() != b.height() || a.width() != b.width()) {
            throw new IllegalArgumentException("planes differ in size: " + a.height() + "x" + a.width()
                    + " vs " + b.height() + "x" + b.width());
        }
    }
}
