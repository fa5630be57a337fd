package io.srgan.spark.upscale;

import io.srgan.spark.cluster.NativeThreads;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upscale stage: the images, balanced by pixels into bundles ({@link SizeBalancer}), each bundle a
 * Spark job of one task, the jobs running side by side. A task that keeps failing after Spark's retries
 * (an executor killed by the operating system or its cluster manager for memory, a native crash) then
 * fails only its own bundle's job; the images of such bundles are tried again one job each, so the one
 * that kills its task is named and recorded as failed while the job goes on and ends with a summary.
 * (An error inside a task, such as running out of heap on one image, is already caught per file by
 * {@link FileUpscaler}.) The generator's weights are broadcast once for all of it.
 */
final class UpscaleStage {
    private static final Logger LOG = LoggerFactory.getLogger(UpscaleStage.class);

    private final JavaSparkContext spark;

    UpscaleStage(JavaSparkContext spark) {
        this.spark = spark;
    }

    /** Tasks (bundles) for {@code images} images: {@code partitions}, or Spark's default parallelism, at most one per image. */
    static int tasks(JavaSparkContext spark, int images, Integer partitions) {
        return Math.max(1, Math.min(images, partitions != null ? partitions : spark.defaultParallelism()));
    }

    List<FileOutcome> run(List<ProbedImage> images, UpscaleSettings settings, ModelWeights model, Integer partitions) {
        if (images.isEmpty()) return List.of();
        int n = tasks(spark, images.size(), partitions);
        List<List<ProbedImage>> bundles = SizeBalancer.balance(images, n);
        long pixels = images.stream().mapToLong(ProbedImage::pixels).sum();
        LOG.info("upscaling {} images ({} input megapixels) ×{} with {} in {} tasks", images.size(),
                String.format(Locale.ROOT, "%.1f", pixels / 1e6), model.scale(), model.describe(), n);
        spark.setJobDescription("srgan upscale: " + images.size() + " images in " + n + " partitions");
        Broadcast<ModelWeights> weights = spark.broadcast(model);
        try {
            UpscalePartition task = new UpscalePartition(weights, settings, NativeThreads.perTask(spark, n));
            List<FileOutcome> outcomes = new ArrayList<>();
            List<ProbedImage> unfinished = new ArrayList<>();
            List<Attempt> attempts = runAll(bundles, task);
            for (Attempt a : attempts) {
                if (a.failure == null) {
                    outcomes.addAll(a.outcomes);
                } else {
                    LOG.warn("the task of {} images failed ({}); trying each of them on its own", a.images.size(), a.failure);
                    unfinished.addAll(a.images);
                }
            }
            if (!unfinished.isEmpty()) outcomes.addAll(isolate(unfinished, task, model.scale()));
            return outcomes;
        } finally {
            weights.destroy();
        }
    }

    /** Each image of failed bundles as a job of its own: the ones whose task still fails are recorded as failed. */
    private List<FileOutcome> isolate(List<ProbedImage> images, UpscalePartition task, int scale) {
        spark.setJobDescription("srgan upscale: " + images.size() + " images of failed tasks, one per task");
        List<List<ProbedImage>> singles = images.stream().map(List::of).toList();
        List<FileOutcome> outcomes = new ArrayList<>();
        for (Attempt a : runAll(singles, task)) {
            PlannedImage image = a.images.get(0).image();
            if (a.failure != null) {
                LOG.warn("{}: its task failed after Spark's retries: {}", image.input().uri(), a.failure);
                outcomes.add(FileOutcome.failed(image, "its task failed after Spark's retries (" + a.failure + "); the executor ran"
                        + " out of memory or crashed on this file", 0));
            } else {
                for (FileOutcome o : a.outcomes) {
                    // written by the failed bundle before it died: this job's output all the same
                    boolean earlierAttempt = o.status() == FileOutcome.Status.SKIPPED;
                    outcomes.add(earlierAttempt ? FileOutcome.done(image, a.images.get(0).pixels() * scale * scale, 0) : o);
                }
            }
        }
        return outcomes;
    }

    /** Runs one job per bundle, at most twice the default parallelism in flight; in the order given. */
    private List<Attempt> runAll(List<List<ProbedImage>> bundles, UpscalePartition task) {
        int window = Math.max(1, 2 * spark.defaultParallelism());
        Deque<Attempt> running = new ArrayDeque<>();
        List<Attempt> done = new ArrayList<>();
        for (List<ProbedImage> bundle : bundles) {
            if (running.size() == window) done.add(running.removeFirst().await());
            JavaFutureAction<List<FileOutcome>> job = spark.parallelize(List.of(bundle), 1).mapPartitions(task).collectAsync();
            running.addLast(new Attempt(bundle, job));
        }
        while (!running.isEmpty()) done.add(running.removeFirst().await());
        return done;
    }

    /** One bundle's job: its outcomes, or why its task was given up. */
    private static final class Attempt {
        final List<ProbedImage> images;
        final JavaFutureAction<List<FileOutcome>> job;
        List<FileOutcome> outcomes;
        String failure;

        Attempt(List<ProbedImage> images, JavaFutureAction<List<FileOutcome>> job) {
            this.images = images;
            this.job = job;
        }

        Attempt await() {
            try {
                outcomes = job.get();
            } catch (ExecutionException e) {
                failure = firstLine(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                job.cancel(true);
                throw new IllegalStateException("interrupted while upscaling", e);
            }
            return this;
        }

        private static String firstLine(String message) {
            if (message == null) return "no reason given";
            String line = message.lines().findFirst().orElse(message);
            return line.replaceFirst("^Job aborted due to stage failure: ", "");
        }
    }
}
