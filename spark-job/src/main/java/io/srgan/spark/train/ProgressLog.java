package io.srgan.spark.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.srgan.core.train.GanTrainer;
import io.srgan.core.train.StepMetrics;
import io.srgan.core.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends every step's metrics as one JSON line to {@code metrics.jsonl} in the run folder and
 * prints a progress line with samples/s and an ETA every {@code every} steps.
 */
final class ProgressLog implements TrainingListener {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final long every;
    private final long totalSteps;
    private final int batch;
    private final long startStep;
    private final long startNanos = System.nanoTime();
    private long windowStart = System.nanoTime();
    private long windowStep;

    ProgressLog(Path file, long every, long totalSteps, int batch, long startStep) {
        this.file = file;
        this.every = every;
        this.totalSteps = totalSteps;
        this.batch = batch;
        this.startStep = startStep;
        this.windowStep = startStep;
    }

    @Override
    public void onStep(GanTrainer trainer, long step, StepMetrics metrics) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", step);
        line.put("phase", trainer.inGanPhase() ? "gan" : "psnr");
        line.put("time", System.currentTimeMillis() / 1000.0);
        line.putAll(metrics.values());
        try {
            Files.write(file, (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot append metrics", e);
        }
        if (step % every == 0 || step == totalSteps) {
            double windowSec = (System.nanoTime() - windowStart) / 1e9;
            double perStep = windowSec / Math.max(1, step - windowStep);
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            double eta = (totalSteps - step) * ((elapsed) / Math.max(1, step - startStep));
            System.out.printf("step %d/%d  %s  %.1f samples/s  elapsed %s  ETA %s%n", step, totalSteps,
                    brief(metrics), batch / perStep, clock(elapsed), clock(eta));
            windowStart = System.nanoTime();
            windowStep = step;
        }
    }

    private static String brief(StepMetrics m) {
        StringBuilder sb = new StringBuilder();
        m.values().forEach((k, v) -> {
            if (k.startsWith("l_") || k.startsWith("out_")) sb.append(k).append(' ').append(String.format("%.4g", v)).append("  ");
        });
        return sb.toString().trim();
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
