package io.srgan.core.train;

import io.srgan.core.nn.Param;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exponential moving average of a network's parameters and buffers:
 * shadow ← d·shadow + (1 − d)·value after each update, with d = min(decay, (1 + n)/(10 + n)) for the
 * n-th update (the warm-up of TensorFlow's and timm's EMA), so that short runs are not dominated by
 * the initial weights. Inference with the average is usually smoother and better (BasicSR's
 * net_g_ema).
 */
public final class Ema {
    private final double decay;
    private final Map<String, Param> source;
    private final Map<String, INDArray> shadow = new LinkedHashMap<>();

    public Ema(double decay, Map<String, Param> params) {
        if (decay <= 0 || decay >= 1) throw new IllegalArgumentException("ema decay must be in (0, 1), got " + decay);
        this.decay = decay;
        this.source = params;
        params.forEach((name, p) -> shadow.put(name, p.value().dup()));
    }

    /** The n-th update (0-based: the trainer passes its step counter, so resumed runs agree). */
    public void update(long n) {
        double d = Math.min(decay, (1.0 + n) / (10.0 + n));
        source.forEach((name, p) -> {
            try (INDArray part = p.value().mul(1 - d)) {
                shadow.get(name).muli(d).addi(part);
            }
        });
    }

    public double decay() { return decay; }

    /** The averaged values by parameter name (live arrays). */
    public Map<String, INDArray> shadow() { return shadow; }
}
