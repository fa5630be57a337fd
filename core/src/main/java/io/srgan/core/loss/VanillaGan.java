package io.srgan.core.loss;

/** The original GAN loss as binary cross-entropy with logits: D: BCE(r,1)+BCE(f,0); G: BCE(f,1) (non-saturating). */
final class VanillaGan extends PointwiseAdversarialLoss {
    @Override double realTerm(double r) { return softplus(-r); }      // −log σ(r)
    @Override double realSlope(double r) { return -sigmoid(-r); }
    @Override double fakeTerm(double f) { return softplus(f); }       // −log(1 − σ(f))
    @Override double fakeSlope(double f) { return sigmoid(f); }
    @Override double generatorTerm(double f) { return softplus(-f); }
    @Override double generatorSlope(double f) { return -sigmoid(-f); }
}
