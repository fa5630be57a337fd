package io.srgan.core.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named scalar results of one step, with BasicSR's names: l_g_pix, l_g_gan, l_g_fm, l_g_perc, l_g_total,
 * l_d_real, l_d_fake, out_d_real, out_d_fake (mean logits), lr_g, lr_d.
 */
public final class StepMetrics {
    private final Map<String, Double> values = new LinkedHashMap<>();

    StepMetrics put(String name, double value) {
        values.put(name, value);
        return this;
    }

    public Map<String, Double> values() { return Collections.unmodifiableMap(values); }

    public double get(String name) {
        Double v = values.get(name);
        if (v == null) throw new IllegalArgumentException("no metric '" + name + "' in " + values.keySet());
        return v;
    }

    @Override public String toString() { return values.toString(); }
}
