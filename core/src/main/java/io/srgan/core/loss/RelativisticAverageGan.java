package io.srgan.core.loss;

/**
 * Relativistic average GAN as in ESRGAN/BasicSR: with r̃ = r − mean(f) and f̃ = f − mean(r),
 * D: ½·BCE(r̃, 1) + ½·BCE(f̃, 0); G: ½·BCE(r̃, 0) + ½·BCE(f̃, 1). The means couple every sample,
 * so each gradient has a direct term and a term through the other batch's mean.
 */
final class RelativisticAverageGan extends AdversarialLoss {
    @Override
    public boolean generatorNeedsReal() { return true; }

    @Override
    public DiscriminatorLoss discriminator(double[] real, double[] fake) {
        Terms t = terms(real, fake, true);
        return new DiscriminatorLoss(t.realTerm, t.fakeTerm, t.gradReal, t.gradFake);
    }

    @Override
    public GeneratorLoss generator(double[] real, double[] fake) {
        Terms t = terms(real, fake, false);
        return new GeneratorLoss(t.realTerm + t.fakeTerm, t.gradFake);
    }

    private record Terms(double realTerm, double fakeTerm, double[] gradReal, double[] gradFake) {}

    /** realIsReal: D's targets (r̃→1, f̃→0); otherwise G's (r̃→0, f̃→1). */
    private static Terms terms(double[] real, double[] fake, boolean realIsReal) {
        int nr = real.length;
        int nf = fake.length;
        double meanR = mean(real);
        double meanF = mean(fake);
        // BCE(z, 1) = softplus(−z), d/dz = −σ(−z); BCE(z, 0) = softplus(z), d/dz = σ(z)
        double lr = 0;
        double lf = 0;
        double[] dRt = new double[nr]; // dLoss/dr̃_i
        double[] dFt = new double[nf]; // dLoss/df̃_j
        for (int i = 0; i < nr; i++) {
            double z = real[i] - meanF;
            lr += realIsReal ? softplus(-z) : softplus(z);
            dRt[i] = 0.5 * (realIsReal ? -sigmoid(-z) : sigmoid(z)) / nr;
        }
        for (int j = 0; j < nf; j++) {
            double z = fake[j] - meanR;
            lf += realIsReal ? softplus(z) : softplus(-z);
            dFt[j] = 0.5 * (realIsReal ? sigmoid(z) : -sigmoid(-z)) / nf;
        }
        double sumRt = 0;
        for (double d : dRt) sumRt += d;
        double sumFt = 0;
        for (double d : dFt) sumFt += d;
        double[] gr = new double[nr];
        double[] gf = new double[nf];
        for (int i = 0; i < nr; i++) gr[i] = dRt[i] - sumFt / nr; // r_i enters r̃_i and mean(r) in every f̃_j
        for (int j = 0; j < nf; j++) gf[j] = dFt[j] - sumRt / nf;
        return new Terms(0.5 * lr / nr, 0.5 * lf / nf, gr, gf);
    }
}
