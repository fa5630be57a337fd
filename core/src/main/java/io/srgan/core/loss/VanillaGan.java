package io.srgan.core.loss;

/** The original GAN loss as binary cross-entropy with logits: D: BCE(r,1)+BCE(f,0); G: BCE(f,1) (non-saturating). */
final class VanillaGan extends AdversarialLoss {
    @Override
    public DiscriminatorLoss discriminator(double[] real, double[] fake) {
        double[] gr = new double[real.length];
        double[] gf = new double[fake.length];
        double lr = 0;
        double lf = 0;
        for (int i = 0; i < real.length; i++) {
            lr += softplus(-real[i]);                       // −log σ(r)
            gr[i] = -sigmoid(-real[i]) / real.length;
        }
        for (int i = 0; i < fake.length; i++) {
            lf += softplus(fake[i]);                        // −log(1 − σ(f))
            gf[i] = sigmoid(fake[i]) / fake.length;
        }
        return new DiscriminatorLoss(lr / real.length, lf / fake.length, gr, gf);
    }

    @Override
    public GeneratorLoss generator(double[] real, double[] fake) {
        double[] gf = new double[fake.length];
        double l = 0;
        for (int i = 0; i < fake.length; i++) {
            l += softplus(-fake[i]);
            gf[i] = -sigmoid(-fake[i]) / fake.length;
        }
        return new GeneratorLoss(l / fake.length, gf);
    }
}
