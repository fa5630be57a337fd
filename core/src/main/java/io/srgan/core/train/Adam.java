package io.srgan.core.train;

import io.srgan.core.nn.Param;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam over a fixed list of trainable parameters, with bias correction by its own iteration
 * count. The moments and the count are the optimizer state that checkpoints and parameter
 * averaging carry ({@link #moments()}, {@link #iteration()}).
 */
public final class Adam {
    private final AdamConfig config;
    private final List<Param> params;
    private final Map<String, INDArray> m = new LinkedHashMap<>();
    private final Map<String, INDArray> v = new LinkedHashMap<>();
    private long iteration;

    public Adam(AdamConfig config, List<Param> params) {
        this.config = config;
        this.params = List.copyOf(params);
        for (Param p : this.params) {
            m.put(p.name(), Nd4j.zeros(p.value().dataType(), p.value().shape()));
            v.put(p.name(), Nd4j.zeros(p.value().dataType(), p.value().shape()));
        }
    }

    public AdamConfig config() { return config; }

    /** One update with learning rate {@code lr} from the accumulated gradients. */
    public void step(double lr) {
        iteration++;
        double b1 = config.beta1();
        double b2 = config.beta2();
        double correction1 = 1 - Math.pow(b1, iteration);
        double correction2 = 1 - Math.pow(b2, iteration);
        double stepSize = lr * Math.sqrt(correction2) / correction1;
        double epsHat = config.eps() * Math.sqrt(correction2);
        for (Param p : params) {
            INDArray g = p.grad();
            INDArray mi = m.get(p.name());
            INDArray vi = v.get(p.name());
            try (INDArray g1 = g.mul(1 - b1);
                 INDArray g2 = g.mul(g).muli(1 - b2)) {
                mi.muli(b1).addi(g1);
                vi.muli(b2).addi(g2);
            }
            // p −= lr·m̂/(√v̂ + ε), rewritten as stepSize·m/(√v + ε·√c2) (the same value, one pass fewer)
            try (INDArray denom = Transforms.sqrt(vi, true).addi(epsHat);
                 INDArray update = mi.div(denom).muli(stepSize)) {
                p.value().subi(update);
            }
        }
    }

    public long iteration() { return iteration; }

    public void setIteration(long iteration) { this.iteration = iteration; }

    /** First and second moments by parameter name (live arrays: assign into them to import). */
    public Map<String, INDArray> firstMoments() { return m; }

    public Map<String, INDArray> secondMoments() { return v; }
}
