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
 * A new run's networks started from another checkpoint's weights, the one mechanism behind
 * {@code train.init-from} (ESRGAN's PSNR → GAN recipe, Real-ESRNet → Real-ESRGAN, fine-tuning an
 * imported model) and the retrain job's fine-tune of the production model. The step counter starts
 * at 0, so the recipe's schedule runs afresh. A source whose tensors do not fit this run's networks
 * is refused, naming them.
 */
public final class InitialWeights {
    private static final int LISTED = 8;

    /**
     * What a run takes from its source.
     *
     * @param setting          what asked for it, for messages ("srgan.train.init-from")
     * @param discriminator    D from the source's D (else D fresh)
     * @param generatorFromEma G from the source's EMA weights when it has them (the weights it is used
     *                         with), this run's EMA starting from G; else G and EMA as the source has them
     * @param keepOptimizer    the source's Adam moments and iteration counts (else a fresh optimizer)
     */
    public record Start(String setting, boolean discriminator, boolean generatorFromEma, boolean keepOptimizer) {
        /** {@code train.init-from}: G (and this run's EMA) from the source's EMA weights, D if asked, a fresh optimizer. */
        public static Start initFrom(boolean discriminator) { return new Start("srgan.train.init-from", discriminator, true, false); }

        /**
         * The retrain job: G, EMA and D as the production model has them (a production model without EMA
         * starts this run's EMA from G); its optimizer kept, or reset (its moments describe the gradients
         * of its last steps on other data).
         */
        public static Start fineTune(boolean keepOptimizer) { return new Start("the retrain job's warm start", true, false, keepOptimizer); }
    }

    private InitialWeights() {}

    /** The state of a new trainer for {@code config} (the names and shapes a start must fit); the perceptual network is not loaded. */
    public static TrainState freshState(io.srgan.core.train.TrainConfig config) {
        return TrainState.export(new io.srgan.core.train.GanTrainer(PerceptualModelFile.withoutPerceptual(config)));
    }

    /** As {@link #apply(TrainState, CheckpointMeta, Map, Start, String)} with {@link Start#initFrom}. */
    public static TrainState apply(TrainState fresh, CheckpointMeta sourceMeta, Map<String, INDArray> source,
                                   boolean discriminator, String sourceName) {
        return apply(fresh, sourceMeta, source, Start.initFrom(discriminator), sourceName);
    }

    /**
     * The state to start from: {@code fresh} (a new trainer's, which fixes every name and shape) with
     * G, EMA, optionally D and the optimizer replaced by the source's. {@code fresh} is not modified.
     */
    public static TrainState apply(TrainState fresh, CheckpointMeta sourceMeta, Map<String, INDArray> source, Start start,
                                   String sourceName) {
        Map<String, INDArray> out = new TreeMap<>(fresh.tensors());
        boolean hasEma = source.keySet().stream().anyMatch(n -> n.startsWith(TrainState.EMA));
        String gDescription = sourceMeta == null ? null : sourceMeta.config().generator().size() + " ×" + sourceMeta.config().generator().scale();
        Map<String, INDArray> g = matching(fresh, TrainState.G, source, start.generatorFromEma() && hasEma ? TrainState.EMA : TrainState.G,
                sourceName, "generator", gDescription, start);
        g.forEach((name, value) -> out.put(TrainState.G + name, value.dup()));
        if (fresh.tensors().keySet().stream().anyMatch(n -> n.startsWith(TrainState.EMA))) {
            Map<String, INDArray> ema = !start.generatorFromEma() && hasEma
                    ? matching(fresh, TrainState.EMA, source, TrainState.EMA, sourceName, "generator", gDescription, start) : g;
            ema.forEach((name, value) -> out.put(TrainState.EMA + name, value.dup()));
        }
        if (start.discriminator()) {
            if (source.keySet().stream().noneMatch(n -> n.startsWith(TrainState.D))) {
                throw new ConfigException(start.setting() + ": " + sourceName + " has no discriminator weights"
                        + " (an imported generator, or a model store entry without one)"
                        + (start.setting().equals("srgan.train.init-from") ? "; set srgan.train.init-discriminator to false" : ""));
            }
            matching(fresh, TrainState.D, source, TrainState.D, sourceName, "discriminator",
                    sourceMeta == null ? null : sourceMeta.config().discriminator().toString(), start)
                    .forEach((name, value) -> out.put(TrainState.D + name, value.dup()));
        }
        Map<String, Long> counters = new LinkedHashMap<>(fresh.counters());
        counters.replaceAll((k, v) -> 0L);
        if (start.keepOptimizer()) {
            if (sourceMeta == null) throw new IllegalArgumentException(sourceName + ": keeping the optimizer needs the source's counters");
            for (String adam : new String[] {TrainState.ADAM_G, TrainState.ADAM_D}) {
                if (fresh.tensors().keySet().stream().noneMatch(n -> n.startsWith(adam))) continue;
                matching(fresh, adam, source, adam, sourceName, "optimizer", null, start)
                        .forEach((name, value) -> out.put(adam + name, value.dup()));
            }
            for (String iteration : new String[] {TrainState.ADAM_G_ITERATION, TrainState.ADAM_D_ITERATION}) {
                counters.put(iteration, sourceMeta.counters().getOrDefault(iteration, 0L));
            }
        }
        return new TrainState(out, counters);
    }

    /** {@code source}'s tensors under {@code from}, by name without the prefix; refused unless they are exactly {@code fresh}'s under {@code to}. */
    private static Map<String, INDArray> matching(TrainState fresh, String to, Map<String, INDArray> source, String from,
                                                  String sourceName, String network, String sourceDescription, Start start) {
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
            StringBuilder m = new StringBuilder(start.setting() + ": the " + network + " of " + sourceName
                    + (sourceDescription == null ? "" : " (" + sourceDescription + ")") + " does not fit this run's"
                    + (network.equals("optimizer") ? "." : "; set srgan." + network + " to match it."));
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
