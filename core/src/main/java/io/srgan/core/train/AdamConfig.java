package io.srgan.core.train;

/** Adam hyper-parameters (Kingma & Ba); the learning rate is the schedule's base value. */
public record AdamConfig(double lr, double beta1, double beta2, double eps) {
    public AdamConfig {
        if (!(lr > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
        if (beta1 < 0 || beta1 >= 1) throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        if (beta2 < 0 || beta2 >= 1) throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        if (!(eps > 0)) throw new IllegalArgumentException("eps must be > 0, got " + eps);
    }

    public static AdamConfig of(double lr, double beta1, double beta2) { return new AdamConfig(lr, beta1, beta2, 1e-8); }

    public AdamConfig withLr(double newLr) { return new AdamConfig(newLr, beta1, beta2, eps); }
}
