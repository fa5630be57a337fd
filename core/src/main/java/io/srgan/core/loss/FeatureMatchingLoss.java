package io.srgan.core.loss;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Discriminator feature matching: mean over the chosen blocks of mean |φ_b(SR) − φ_b(HR)|, the
 * features being the discriminator's block outputs. Gradients are with respect to φ_b(SR) only
 * (the HR features are constants for the generator).
 */
public final class FeatureMatchingLoss {
    private final int[] blocks;

    public FeatureMatchingLoss(int[] blocks) {
        if (blocks.length == 0) throw new IllegalArgumentException("feature matching needs at least one block");
        this.blocks = blocks.clone();
    }

    public int[] blocks() { return blocks.clone(); }

    /** Returns the loss and, per block index of {@code fake}, the gradient (null for unused blocks). */
    public Result compute(List<INDArray> fake, List<INDArray> real) {
        List<INDArray> grads = new ArrayList<>(fake.size());
        for (int i = 0; i < fake.size(); i++) grads.add(null);
        double value = 0;
        for (int b : blocks) {
            try (INDArray diff = fake.get(b).sub(real.get(b))) {
                double n = diff.length();
                value += diff.norm1Number().doubleValue() / n / blocks.length;
                grads.set(b, Transforms.sign(diff, true).divi(n * blocks.length));
            }
        }
        return new Result(value, grads);
    }

    public record Result(double value, List<INDArray> grads) implements AutoCloseable {
        @Override public void close() { grads.stream().filter(g -> g != null).forEach(INDArray::close); }
    }
}
