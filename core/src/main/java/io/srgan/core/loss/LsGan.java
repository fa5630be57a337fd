package io.srgan.core.loss;

/** Least-squares GAN (Mao et al.): D: mean((r−1)²) + mean(f²); G: mean((f−1)²). */
final class LsGan extends AdversarialLoss {
    @Override
    public DiscriminatorLoss discriminator(double[] real, double[] fake) {
        double[] gr = new double[real.length];
        double[] gf = new double[fake.length];
        double lr = 0;
        double lf = 0;
        for (int i = 0; i < real.length; i++) {
            lr += (real[i] - 1) * (real[i] - 1);
            gr[i] = 2 * (real[i] - 1) / real.length;
        }
        for (int i = 0; i < fake.length; i++) {
            lf += fake[i] * fake[i];
            gf[i] = 2 * fake[i] / fake.length;
        }
        return new DiscriminatorLoss(lr / real.length, lf / fake.length, gr, gf);
    }

    @Override
    public GeneratorLoss generator(double[] real, double[] fake) {
        double[] gf = new double[fake.length];
        double l = 0;
        for (int i = 0; i < fake.length; i++) {
            l += (fake[i] - 1) * (fake[i] - 1);
            gf[i] = 2 * (fake[i] - 1) / fake.length;
        }
        return new GeneratorLoss(l / fake.length, gf);
    }
}
