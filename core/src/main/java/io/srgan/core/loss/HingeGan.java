package io.srgan.core.loss;

/** Hinge loss (SAGAN): D: mean(max(0, 1−r)) + mean(max(0, 1+f)); G: −mean(f). */
final class HingeGan extends AdversarialLoss {
    @Override
    public DiscriminatorLoss discriminator(double[] real, double[] fake) {
        double[] gr = new double[real.length];
        double[] gf = new double[fake.length];
        double lr = 0;
        double lf = 0;
        for (int i = 0; i < real.length; i++) {
            if (real[i] < 1) {
                lr += 1 - real[i];
                gr[i] = -1.0 / real.length;
            }
        }
        for (int i = 0; i < fake.length; i++) {
            if (fake[i] > -1) {
                lf += 1 + fake[i];
                gf[i] = 1.0 / fake.length;
            }
        }
        return new DiscriminatorLoss(lr / real.length, lf / fake.length, gr, gf);
    }

    @Override
    public GeneratorLoss generator(double[] real, double[] fake) {
        double[] gf = new double[fake.length];
        java.util.Arrays.fill(gf, -1.0 / fake.length);
        return new GeneratorLoss(-mean(fake), gf);
    }
}
