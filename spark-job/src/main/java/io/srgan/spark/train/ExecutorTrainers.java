package io.srgan.spark.train;

import io.srgan.core.train.GanTrainer;
import io.srgan.spark.config.JobConfig;
import io.srgan.spark.config.JobConfigLoader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Trainers kept in an executor JVM between rounds, one per concurrently running task: building G
 * and D (and their native buffers) every round would cost more than a round's broadcast. A task
 * borrows one, loads the round's state into it (every tensor and counter is overwritten, so what a
 * previous round left behind does not matter), and gives it back.
 */
final class ExecutorTrainers {
    private static final Map<String, ConcurrentLinkedDeque<GanTrainer>> IDLE = new ConcurrentHashMap<>();
    private static final Map<String, JobConfig> CONFIGS = new ConcurrentHashMap<>();

    private ExecutorTrainers() {}

    static JobConfig config(String configJson) {
        return CONFIGS.computeIfAbsent(configJson, JobConfigLoader::fromRendered);
    }

    /**
     * A trainer for {@code configJson} with its learning rates times {@code lrScale};
     * {@code perceptualFile} names Spark's local copy of the perceptual model, or null.
     */
    static GanTrainer borrow(String configJson, double lrScale, String perceptualFile) {
        GanTrainer t = IDLE.computeIfAbsent(key(configJson, lrScale), k -> new ConcurrentLinkedDeque<>()).pollFirst();
        if (t != null) return t;
        return new GanTrainer(PerceptualModelFile.localized(config(configJson).train().withLearningRatesScaled(lrScale), perceptualFile));
    }

    static void giveBack(String configJson, double lrScale, GanTrainer trainer) {
        IDLE.get(key(configJson, lrScale)).addFirst(trainer);
    }

    private static String key(String configJson, double lrScale) {
        return lrScale + "|" + configJson;
    }
}
