package io.srgan.spark.retrain;

import io.srgan.spark.config.JobConfig;
import io.srgan.spark.config.JobConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fine-tuning recipe: the retrain config file and its {@code --set} overrides, read by the
 * training job's own loader, so that a trainer takes exactly the keys {@code srgan train} takes.
 * The data keys are the trainer's to set: {@code train.manifest} (or {@code train.hr}) to the images
 * it was handed.
 */
public record RecipeSource(Path file, List<String> overrides) {
    public RecipeSource {
        overrides = List.copyOf(overrides);
    }

    /** The recipe with {@code more} overrides on top (e.g. {@code train.hr=/tmp/images}). */
    public JobConfig load(String... more) {
        List<String> all = new ArrayList<>(overrides);
        all.addAll(List.of(more));
        return JobConfigLoader.load(file, all);
    }

    /** The recipe as configured, for checks before any data is known (the data keys get a placeholder). */
    public JobConfig loadForChecks() {
        return load("train.hr=\"(set per run by retrain)\"", "train.lr=null", "train.manifest=null");
    }
}
