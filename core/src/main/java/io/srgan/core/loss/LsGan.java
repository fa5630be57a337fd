package io.srgan.core.loss;

/** Least-squares GAN (Mao et al.): D: mean((r−1)²) + mean(f²); G: mean((f−1)²). */
final class LsGan extends PointwiseAdversarialLoss {
    @Override double realTerm(double r) { return (r - 1) * (r - 1); }
    @Override double realSlope(double r) { return 2 * (r - 1); }
    @Override double fakeTerm(double f) { return f * f; }
    @Override double fakeSlope(double f) { return 2 * f; }
    @Override double generatorTerm(double f) { return (f - 1) * (f - 1); }
    @Override double generatorSlope(double f) { return 2 * (f - 1); }
}
