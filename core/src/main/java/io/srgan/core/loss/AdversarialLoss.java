package io.srgan.core.loss;

import io.srgan.core.util.Registry;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A GAN objective on discriminator logits (one per image or one per pixel, averaged alike). The discriminator loss is the sum of
 * a real and a fake term (reported separately as l_d_real and l_d_fake); the generator loss is the
 * term the generator minimises. Logit batches are small, so the maths runs on plain doubles.
 */
public abstract class AdversarialLoss {
    public static final Registry<AdversarialLoss> REGISTRY = new Registry<AdversarialLoss>("adversarial loss")
            .register("vanilla", new VanillaGan())
            .register("lsgan", new LsGan())
            .register("hinge", new HingeGan())
            .register("ragan", new RelativisticAverageGan());

    public static AdversarialLoss byName(String name) { return REGISTRY.get(name); }

    /** Whether {@link #generator} needs D(real) (relativistic losses do). */
    public boolean generatorNeedsReal() { return false; }

    /** D's loss and its gradients with respect to the real and fake logits. */
    public abstract DiscriminatorLoss discriminator(double[] real, double[] fake);

    /** G's loss and its gradient with respect to the fake logits ({@code real} may be null unless {@link #generatorNeedsReal}). */
    public abstract GeneratorLoss generator(double[] real, double[] fake);

    /** D's loss terms and gradients; arrays are per sample. */
    public record DiscriminatorLoss(double realTerm, double fakeTerm, double[] gradReal, double[] gradFake) {
        public double value() { return realTerm + fakeTerm; }
    }

    public record GeneratorLoss(double value, double[] gradFake) {}

    public static double[] values(INDArray logits) {
        // a copy either way (castTo may return the array itself), closed now: per-pixel logits are large
        try (INDArray d = logits.dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE ? logits.dup('c')
                : logits.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)) {
            return d.data().asDouble();
        }
    }

    /** Per-logit gradients in the logits' shape ([N,1] per image, or [N,H,W,1] per pixel) and type. */
    public static INDArray gradientLike(double[] g, INDArray like) {
        if (like.dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE) return Nd4j.create(g, like.shape(), like.dataType());
        try (INDArray d = Nd4j.create(g, like.shape(), org.nd4j.linalg.api.buffer.DataType.DOUBLE)) {
            return d.castTo(like.dataType());
        }
    }

    static double softplus(double x) { return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)); }

    static double sigmoid(double x) { return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)); }

    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}
