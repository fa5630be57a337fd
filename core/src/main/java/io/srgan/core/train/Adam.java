package io.srgan.core.train;

import io.srgan.core.nn.Param;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
        // p −= lr·m̂/(√v̂ + ε), rewritten as stepSize·m/(√v + ε·√c2) (the same value, one pass fewer)
        for (Param p : params) {
            AdamKernel.update(p.value(), p.grad(), m.get(p.name()), v.get(p.name()), b1, b2, stepSize, epsHat);
        }
    }

    public long iteration() { return iteration; }

    public void setIteration(long iteration) { this.iteration = iteration; }

    /** First and second moments by parameter name (live arrays: assign into them to import). */
    public Map<String, INDArray> firstMoments() { return m; }

    public Map<String, INDArray> secondMoments() { return v; }
}
