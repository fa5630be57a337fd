package io.srgan.core.loss;

/** Hinge loss (SAGAN): D: mean(max(0, 1−r)) + mean(max(0, 1+f)); G: −mean(f). */
final class HingeGan extends PointwiseAdversarialLoss {
    @Override double realTerm(double r) { return Math.max(0, 1 - r); }
    @Override double realSlope(double r) { return r < 1 ? -1 : 0; }
    @Override double fakeTerm(double f) { return Math.max(0, 1 + f); }
    @Override double fakeSlope(double f) { return f > -1 ? 1 : 0; }
    @Override double generatorTerm(double f) { return -f; }
    @Override double generatorSlope(double f) { return -1; }
}
