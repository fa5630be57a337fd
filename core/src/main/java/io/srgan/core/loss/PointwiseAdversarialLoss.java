package io.srgan.core.loss;

/**
 * An adversarial loss that is a mean of per-logit terms: D minimises mean(realTerm(r)) +
 * mean(fakeTerm(f)), G minimises mean(generatorTerm(f)). Subclasses give each term and its
 * derivative; the means and gradients are computed here once.
 */
abstract class PointwiseAdversarialLoss extends AdversarialLoss {
    abstract double realTerm(double r);
    abstract double realSlope(double r);
    abstract double fakeTerm(double f);
    abstract double fakeSlope(double f);
    abstract double generatorTerm(double f);
    abstract double generatorSlope(double f);

    @Override
    public final DiscriminatorLoss discriminator(double[] real, double[] fake) {
        double[] gr = new double[real.length];
        double[] gf = new double[fake.length];
        double lr = 0;
        double lf = 0;
        for (int i = 0; i < real.length; i++) {
            lr += realTerm(real[i]);
            gr[i] = realSlope(real[i]) / real.length;
        }
        for (int i = 0; i < fake.length; i++) {
            lf += fakeTerm(fake[i]);
            gf[i] = fakeSlope(fake[i]) / fake.length;
        }
        return new DiscriminatorLoss(lr / real.length, lf / fake.length, gr, gf);
    }

    @Override
    public final GeneratorLoss generator(double[] real, double[] fake) {
        double[] gf = new double[fake.length];
        double l = 0;
        for (int i = 0; i < fake.length; i++) {
            l += generatorTerm(fake[i]);
            gf[i] = generatorSlope(fake[i]) / fake.length;
        }
        return new GeneratorLoss(l / fake.length, gf);
    }
}
