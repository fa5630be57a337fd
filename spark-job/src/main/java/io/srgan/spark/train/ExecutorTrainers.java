package io.srgan.spark.train;

import io.srgan.core.train.GanTrainer;
import io.srgan.spark.config.JobConfig;
import io.srgan.spark.config.JobConfigLoader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trainers kept in an executor JVM between rounds, one per concurrently running task: building G
 * and D (and their native buffers) every round would cost more than a round's broadcast. A task
 * borrows one, loads the round's state into it (every tensor and counter is overwritten, so what a
 * previous round left behind does not matter), and gives it back.
 *
 * <p>Bounded: trainers are kept for the {@value #KEPT_SETUPS} most recently used setups
 * (configuration and learning-rate scale); a new setup (another run, or rates halved after a
 * divergence) drops the idle trainers of the least recently used one, so native memory does not
 * grow with the setups an executor has seen.
 */
final class ExecutorTrainers {
    static final int KEPT_SETUPS = 2;

    private static final LinkedHashMap<String, Deque<GanTrainer>> IDLE = new LinkedHashMap<>(4, 0.75f, true);
    private static final Map<String, JobConfig> CONFIGS = new LinkedHashMap<>(4, 0.75f, true);

    private ExecutorTrainers() {}

    static synchronized JobConfig config(String configJson) {
        JobConfig c = CONFIGS.computeIfAbsent(configJson, JobConfigLoader::fromRendered);
        while (CONFIGS.size() > KEPT_SETUPS) CONFIGS.remove(CONFIGS.keySet().iterator().next());
        return c;
    }

    /**
     * A trainer for {@code configJson} with its learning rates times {@code lrScale};
     * {@code perceptualFile} names Spark's local copy of the perceptual model, or null.
     */
    static GanTrainer borrow(String configJson, double lrScale, String perceptualFile) {
        GanTrainer idle;
        synchronized (ExecutorTrainers.class) {
            idle = IDLE.computeIfAbsent(key(configJson, lrScale), k -> new ArrayDeque<>()).pollFirst();
            while (IDLE.size() > KEPT_SETUPS) IDLE.remove(IDLE.keySet().iterator().next()); // eldest: the GC frees its trainers
        }
        if (idle != null) return idle;
        return new GanTrainer(PerceptualModelFile.localized(config(configJson).train().withLearningRatesScaled(lrScale), perceptualFile));
    }

    static synchronized void giveBack(String configJson, double lrScale, GanTrainer trainer) {
        IDLE.computeIfAbsent(key(configJson, lrScale), k -> new ArrayDeque<>()).addFirst(trainer);
        while (IDLE.size() > KEPT_SETUPS) IDLE.remove(IDLE.keySet().iterator().next());
    }

    /** Idle trainers held (tests). */
    static synchronized int idle() {
        return IDLE.values().stream().mapToInt(Deque::size).sum();
    }

    private static String key(String configJson, double lrScale) {
        return lrScale + "|" + configJson;
    }
}
