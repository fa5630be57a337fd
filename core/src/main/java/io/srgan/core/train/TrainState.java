package io.srgan.core.train;

import io.srgan.core.nn.Param;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The whole training state as plain arrays, so that it can be averaged, checkpointed and resumed:
 * <ul>
 *   <li>tensors, by name: {@code g/<param>}, {@code d/<param>} (weights and batch-norm buffers),
 *       {@code ema/<param>}, {@code adam_g/m/<param>}, {@code adam_g/v/<param>}, {@code adam_d/m/…},
 *       {@code adam_d/v/…} — float32 arrays in the networks' own layouts;</li>
 *   <li>counters: {@code step}, {@code adam_g/iteration}, {@code adam_d/iteration}, plus whatever the
 *       caller adds (a data sampler's RNG state, round numbers).</li>
 * </ul>
 * Tensors here are copies, independent of the trainer they came from.
 */
public record TrainState(Map<String, INDArray> tensors, Map<String, Long> counters) {
    public static final String STEP = "step";
    public static final String ADAM_G_ITERATION = "adam_g/iteration";
    public static final String ADAM_D_ITERATION = "adam_d/iteration";
    /** Tensor name prefixes: G's and D's weights and buffers, G's EMA, and the two optimizers' moments. */
    public static final String G = "g/";
    public static final String D = "d/";
    public static final String EMA = "ema/";
    public static final String ADAM_G = "adam_g/";
    public static final String ADAM_D = "adam_d/";
    /** Within an optimizer's prefix: first and second moments. */
    public static final String FIRST_MOMENT = "m/";
    public static final String SECOND_MOMENT = "v/";

    public TrainState {
        tensors = Collections.unmodifiableMap(new TreeMap<>(tensors));
        counters = Collections.unmodifiableMap(new TreeMap<>(counters));
    }

    /** A copy of the trainer's state. */
    public static TrainState export(GanTrainer trainer) {
        Map<String, INDArray> t = new TreeMap<>();
        liveTensors(trainer).forEach((n, v) -> t.put(n, v.dup()));
        return new TrainState(t, counters(trainer));
    }

    /** The trainer's own arrays by state name, sorted (live: writing into them changes the trainer). */
    public static Map<String, INDArray> liveTensors(GanTrainer trainer) {
        Map<String, INDArray> t = new TreeMap<>();
        trainer.generator().params().forEach((n, p) -> t.put(G + n, p.value()));
        trainer.discriminator().params().forEach((n, p) -> t.put(D + n, p.value()));
        if (trainer.ema() != null) trainer.ema().shadow().forEach((n, v) -> t.put(EMA + n, v));
        moments(ADAM_G, trainer.adamG(), t);
        moments(ADAM_D, trainer.adamD(), t);
        return t;
    }

    /** The trainer's counters: step and the two optimizers' iterations. */
    public static Map<String, Long> counters(GanTrainer trainer) {
        Map<String, Long> c = new TreeMap<>();
        c.put(STEP, trainer.step());
        c.put(ADAM_G_ITERATION, trainer.adamG().iteration());
        c.put(ADAM_D_ITERATION, trainer.adamD().iteration());
        return c;
    }

    /** Sets the trainer's counters from {@code counters} (which must hold all three). */
    public static void restoreCounters(GanTrainer trainer, Map<String, Long> counters) {
        trainer.setStep(required(counters, STEP));
        trainer.adamG().setIteration(required(counters, ADAM_G_ITERATION));
        trainer.adamD().setIteration(required(counters, ADAM_D_ITERATION));
    }

    private static void moments(String prefix, Adam adam, Map<String, INDArray> into) {
        adam.firstMoments().forEach((n, v) -> into.put(prefix + FIRST_MOMENT + n, v));
        adam.secondMoments().forEach((n, v) -> into.put(prefix + SECOND_MOMENT + n, v));
    }

    private static long required(Map<String, Long> counters, String name) {
        Long v = counters.get(name);
        if (v == null) throw new IllegalArgumentException("state has no counter '" + name + "'");
        return v;
    }

    /**
     * Copies this state into a trainer built from the same configuration. Every tensor the trainer
     * has must be present with the same shape, and no tensor may be left over: a mismatch is an
     * error naming the tensor (a warm start with the wrong shapes must fail, not half-load).
     */
    public void restoreInto(GanTrainer trainer) {
        Map<String, INDArray> expected = liveTensors(trainer);
        for (String name : tensors.keySet()) {
            if (!expected.containsKey(name)) {
                throw new IllegalArgumentException("state tensor '" + name + "' has no place in this model (different architecture or EMA setting?)");
            }
        }
        expected.forEach((name, target) -> assign(name, target, tensors.get(name)));
        restoreCounters(trainer, counters);
    }

    /** Copies the generator weights (g/… or, with {@code useEma}, ema/…) into {@code params}. */
    public void restoreGenerator(Map<String, Param> params, boolean useEma) {
        String prefix = useEma ? EMA : G;
        params.forEach((n, p) -> assign(prefix + n, p.value(), tensors.get(prefix + n)));
    }

    public long counter(String name) {
        return required(counters, name);
    }

    public boolean hasEma() { return tensors.keySet().stream().anyMatch(n -> n.startsWith(EMA)); }

    private static void assign(String name, INDArray target, INDArray source) {
        if (source == null) throw new IllegalArgumentException("state is missing tensor '" + name + "'");
        if (!java.util.Arrays.equals(source.shape(), target.shape())) {
            throw new IllegalArgumentException("state tensor '" + name + "' has shape " + java.util.Arrays.toString(source.shape())
                    + " but the model needs " + java.util.Arrays.toString(target.shape()));
        }
        target.assign(source);
    }
}
