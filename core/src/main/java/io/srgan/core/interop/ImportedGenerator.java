package io.srgan.core.interop;

import io.srgan.core.arch.Generator;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.arch.Generators;
import io.srgan.core.nn.Init;
import io.srgan.core.nn.Param;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A recognised community model: the generator config and its tensors in this project's parameter
 * names and layouts ({@code Generators.build(config, init)}'s {@code params()} names).
 *
 * @param source      the file it came from
 * @param description what was detected, e.g. "ESRGAN RRDBNet, original ESRGAN names: 23 blocks, 64 channels, growth 32, x4"
 */
public record ImportedGenerator(GeneratorConfig config, Map<String, FloatTensor> tensors, String source, String description) {
    public ImportedGenerator {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** A float32 generator of {@link #config()} holding these weights. */
    public Generator build() {
        Generator g = Generators.build(config, new Init(0, DataType.FLOAT));
        loadInto(g);
        return g;
    }

    /** Assigns every tensor to the generator's parameter of that name; the names and shapes must match exactly. */
    public void loadInto(Generator g) {
        Map<String, Param> params = g.params();
        if (!params.keySet().equals(tensors.keySet())) {
            Set<String> missing = new TreeSet<>(params.keySet());
            missing.removeAll(tensors.keySet());
            Set<String> extra = new TreeSet<>(tensors.keySet());
            extra.removeAll(params.keySet());
            throw new IllegalArgumentException(source + ": imported tensors do not match " + g.config().size()
                    + " (missing " + missing + ", unexpected " + extra + ")");
        }
        for (Map.Entry<String, Param> e : params.entrySet()) {
            FloatTensor t = tensors.get(e.getKey());
            INDArray target = e.getValue().value();
            if (!Arrays.equals(target.shape(), t.shape())) {
                throw new IllegalArgumentException(source + ": tensor '" + e.getKey() + "' has shape " + t.shapeString()
                        + ", the generator's parameter " + Arrays.toString(target.shape()));
            }
            try (INDArray value = t.toINDArray()) {
                target.assign(value.castTo(target.dataType()));
            }
        }
    }
}
