package io.srgan.core.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A named stack of layers with its parameters addressable by name. */
public class Network {
    private final Layer body;
    private final Map<String, Param> params = new LinkedHashMap<>();

    public Network(Layer body) {
        this.body = body;
        for (Param p : body.params()) {
            if (params.put(p.name(), p) != null) throw new IllegalStateException("duplicate parameter name " + p.name());
        }
    }

    public INDArray forward(INDArray x, Mode mode) { return body.forward(x, mode); }

    /** Back-propagates {@code gradOut}; parameter gradients accumulate, the input gradient is returned. */
    public INDArray backward(INDArray gradOut) { return body.backward(gradOut); }

    /** As {@link #backward} when the input is data: the input gradient is not computed where that saves work. */
    public void backwardParamsOnly(INDArray gradOut) { body.backwardParamsOnly(gradOut); }

    /** Every parameter and buffer, in build order. */
    public Map<String, Param> params() { return params; }

    public List<Param> trainable() { return params.values().stream().filter(Param::isTrainable).toList(); }

    public void zeroGrad() { trainable().forEach(p -> p.grad().assign(0)); }

    public void clearCache() { body.clearCache(); }

    public long parameterCount() { return trainable().stream().mapToLong(p -> p.value().length()).sum(); }
}
