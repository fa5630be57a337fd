package io.srgan.spark.cli;

import io.srgan.spark.config.JobConfig;
import io.srgan.spark.config.JobConfigLoader;
import io.srgan.spark.train.TrainJob;
import io.srgan.spark.train.Uris;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code srgan train}: a training run from a config file (HOCON, defaults in reference.conf). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a generator (PSNR phase, then GAN phase) with validation and checkpoints.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "run configuration (HOCON), e.g. conf/quickstart.conf")
    Path config;

    @Option(names = "--output", description = "run folder: a local path or Hadoop URI (default: srgan.output of the config)")
    String output;

    @Option(names = "--set", description = "override a setting, e.g. --set train.steps=500 (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--resume", description = "continue from the newest intact checkpoint in the run folder; refused if a"
            + " setting changed that breaks exact resume (the differences are listed)")
    boolean resume;

    @Option(names = "--resume-changed", description = "as --resume, but continue even with settings that break exact resume")
    boolean resumeChanged;

    @Override
    public Integer call() throws Exception {
        JobConfig job = JobConfigLoader.load(config, overrides);
        TrainJob.Resume mode = resumeChanged ? TrainJob.Resume.ACCEPT_CHANGES : resume ? TrainJob.Resume.EXACT : TrainJob.Resume.NO;
        new TrainJob(job, Uris.of(output != null ? output : job.output())).run(mode);
        return 0;
    }
}
