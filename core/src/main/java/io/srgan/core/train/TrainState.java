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

    public TrainState {
        tensors = Collections.unmodifiableMap(new TreeMap<>(tensors));
        counters = Collections.unmodifiableMap(new TreeMap<>(counters));
    }

    /** A copy of the trainer's state. */
    public static TrainState export(GanTrainer trainer) {
        Map<String, INDArray> t = new TreeMap<>();
        trainer.generator().params().forEach((n, p) -> t.put("g/" + n, p.value().dup()));
        trainer.discriminator().params().forEach((n, p) -> t.put("d/" + n, p.value().dup()));
        if (trainer.ema() != null) trainer.ema().shadow().forEach((n, v) -> t.put("ema/" + n, v.dup()));
        trainer.adamG().firstMoments().forEach((n, v) -> t.put("adam_g/m/" + n, v.dup()));
        trainer.adamG().secondMoments().forEach((n, v) -> t.put("adam_g/v/" + n, v.dup()));
        trainer.adamD().firstMoments().forEach((n, v) -> t.put("adam_d/m/" + n, v.dup()));
        trainer.adamD().secondMoments().forEach((n, v) -> t.put("adam_d/v/" + n, v.dup()));
        Map<String, Long> c = new TreeMap<>();
        c.put(STEP, trainer.step());
        c.put(ADAM_G_ITERATION, trainer.adamG().iteration());
        c.put(ADAM_D_ITERATION, trainer.adamD().iteration());
        return new TrainState(t, c);
    }

    /**
     * Copies this state into a trainer built from the same configuration. Every tensor the trainer
     * has must be present with the same shape, and no tensor may be left over: a mismatch is an
     * error naming the tensor (a warm start with the wrong shapes must fail, not half-load).
     */
    public void restoreInto(GanTrainer trainer) {
        Map<String, INDArray> expected = new TreeMap<>();
        trainer.generator().params().forEach((n, p) -> expected.put("g/" + n, p.value()));
        trainer.discriminator().params().forEach((n, p) -> expected.put("d/" + n, p.value()));
        if (trainer.ema() != null) trainer.ema().shadow().forEach((n, v) -> expected.put("ema/" + n, v));
        trainer.adamG().firstMoments().forEach((n, v) -> expected.put("adam_g/m/" + n, v));
        trainer.adamG().secondMoments().forEach((n, v) -> expected.put("adam_g/v/" + n, v));
        trainer.adamD().firstMoments().forEach((n, v) -> expected.put("adam_d/m/" + n, v));
        trainer.adamD().secondMoments().forEach((n, v) -> expected.put("adam_d/v/" + n, v));
        for (String name : tensors.keySet()) {
            if (!expected.containsKey(name)) {
                throw new IllegalArgumentException("state tensor '" + name + "' has no place in this model (different architecture or EMA setting?)");
            }
        }
        expected.forEach((name, target) -> assign(name, target, tensors.get(name)));
        trainer.setStep(counter(STEP));
        trainer.adamG().setIteration(counter(ADAM_G_ITERATION));
        trainer.adamD().setIteration(counter(ADAM_D_ITERATION));
    }

    /** Copies the generator weights (g/… or, with {@code useEma}, ema/…) into {@code params}. */
    public void restoreGenerator(Map<String, Param> params, boolean useEma) {
        String prefix = useEma ? "ema/" : "g/";
        params.forEach((n, p) -> assign(prefix + n, p.value(), tensors.get(prefix + n)));
    }

    public long counter(String name) {
        Long v = counters.get(name);
        if (v == null) throw new IllegalArgumentException("state has no counter '" + name + "'");
        return v;
    }

    public boolean hasEma() { return tensors.keySet().stream().anyMatch(n -> n.startsWith("ema/")); }

    private static void assign(String name, INDArray target, INDArray source) {
        if (source == null) throw new IllegalArgumentException("state is missing tensor '" + name + "'");
        if (!java.util.Arrays.equals(source.shape(), target.shape())) {
            throw new IllegalArgumentException("state tensor '" + name + "' has shape " + java.util.Arrays.toString(source.shape())
                    + " but the model needs " + java.util.Arrays.toString(target.shape()));
        }
        target.assign(source);
    }
}
