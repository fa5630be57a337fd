package io.srgan.spark.train;

import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.core.train.TrainState;
import io.srgan.spark.config.ConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code train.init-from}: a new run whose generator (and, when asked, discriminator) starts from the
 * weights of another checkpoint, with a fresh optimizer and the step counter at 0, so that ESRGAN's
 * PSNR → GAN recipe, Real-ESRNet → Real-ESRGAN and fine-tuning an imported model are one mechanism.
 * G takes the source's EMA weights when it has them (the weights it is used with) and this run's EMA
 * starts from G. A source whose tensors do not fit this run's networks is refused, naming them.
 */
public final class InitialWeights {
    private static final int LISTED = 8;

    private InitialWeights() {}

    /**
     * The state to start from: {@code fresh} (a new trainer's, which fixes every name and shape) with
     * G, EMA and optionally D replaced by the source's. {@code fresh} is not modified.
     */
    public static TrainState apply(TrainState fresh, CheckpointMeta sourceMeta, Map<String, INDArray> source,
                                   boolean discriminator, String sourceName) {
        Map<String, INDArray> out = new TreeMap<>(fresh.tensors());
        boolean ema = source.keySet().stream().anyMatch(n -> n.startsWith(TrainState.EMA));
        String from = ema ? TrainState.EMA : TrainState.G;
        Map<String, INDArray> g = matching(fresh, TrainState.G, source, from, sourceName, "generator",
                sourceMeta == null ? null : sourceMeta.config().generator().size() + " ×" + sourceMeta.config().generator().scale());
        g.forEach((name, value) -> {
            out.put(TrainState.G + name, value.dup());
            if (fresh.tensors().containsKey(TrainState.EMA + name)) out.put(TrainState.EMA + name, value.dup());
        });
        if (discriminator) {
            if (source.keySet().stream().noneMatch(n -> n.startsWith(TrainState.D))) {
                throw new ConfigException("srgan.train.init-discriminator: " + sourceName + " has no discriminator weights"
                        + " (an imported generator, or a model store entry without one); set it to false");
            }
            matching(fresh, TrainState.D, source, TrainState.D, sourceName, "discriminator",
                    sourceMeta == null ? null : sourceMeta.config().discriminator().toString())
                    .forEach((name, value) -> out.put(TrainState.D + name, value.dup()));
        }
        Map<String, Long> counters = new LinkedHashMap<>(fresh.counters());
        counters.replaceAll((k, v) -> 0L);
        return new TrainState(out, counters);
    }

    /** {@code source}'s tensors under {@code from}, by name without the prefix; refused unless they are exactly {@code fresh}'s under {@code to}. */
    private static Map<String, INDArray> matching(TrainState fresh, String to, Map<String, INDArray> source, String from,
                                                  String sourceName, String network, String sourceDescription) {
        Map<String, INDArray> want = strip(fresh.tensors(), to);
        Map<String, INDArray> have = strip(source, from);
        TreeSet<String> missing = new TreeSet<>(want.keySet());
        missing.removeAll(have.keySet());
        TreeSet<String> extra = new TreeSet<>(have.keySet());
        extra.removeAll(want.keySet());
        List<String> shapes = new ArrayList<>();
        for (Map.Entry<String, INDArray> w : want.entrySet()) {
            INDArray h = have.get(w.getKey());
            if (h != null && !Arrays.equals(h.shape(), w.getValue().shape())) {
                shapes.add(w.getKey() + " " + Arrays.toString(h.shape()) + " there, " + Arrays.toString(w.getValue().shape()) + " here");
            }
        }
        if (!missing.isEmpty() || !extra.isEmpty() || !shapes.isEmpty()) {
            StringBuilder m = new StringBuilder("srgan.train.init-from: the " + network + " of " + sourceName
                    + (sourceDescription == null ? "" : " (" + sourceDescription + ")") + " does not fit this run's; set srgan."
                    + network + " to match it.");
            if (!missing.isEmpty()) m.append(" Missing there: ").append(listed(missing)).append('.');
            if (!extra.isEmpty()) m.append(" Not in this run's: ").append(listed(extra)).append('.');
            if (!shapes.isEmpty()) m.append(" Other shapes: ").append(listed(shapes)).append('.');
            throw new ConfigException(m.toString());
        }
        return have;
    }

    private static Map<String, INDArray> strip(Map<String, INDArray> tensors, String prefix) {
        Map<String, INDArray> out = new TreeMap<>();
        tensors.forEach((name, value) -> {
            if (name.startsWith(prefix)) out.put(name.substring(prefix.length()), value);
        });
        return out;
    }

    private static String listed(java.util.Collection<String> names) {
        List<String> all = new ArrayList<>(names);
        String head = String.join(", ", all.subList(0, Math.min(LISTED, all.size())));
        return all.size() > LISTED ? head + " … (" + (all.size() - LISTED) + " more)" : head;
    }
}
