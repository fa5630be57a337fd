package io.srgan.spark.cli;

import io.srgan.spark.retrain.SparkCandidateTrainer;
import io.srgan.spark.retrain.RetrainConfig;
import io.srgan.spark.retrain.RetrainConfigLoader;
import io.srgan.spark.retrain.RetrainJob;
import io.srgan.spark.retrain.RunRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code srgan retrain}: one nightly retraining run against a model store. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Fine-tune the production model on the images that arrived since the last run and promote the"
                + " result if it scores better on the validation set (exit code 0 also when it is kept or nothing is new).")
final class RetrainCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, description = "retrain configuration (HOCON), e.g. conf/retrain.conf")
    Path config;

    @Option(names = "--set", description = "override a setting, e.g. --set retrain.promote.margin=0.1 (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        RetrainConfig c = RetrainConfigLoader.load(config, overrides);
        RunRecord r = new RetrainJob(c, new SparkCandidateTrainer(), HadoopProperties.of(c), Clock.systemUTC()).run();
        System.out.printf("retrain %s: %s — %s%n", r.runId(), r.decision(), r.reason());
        return RunRecord.REFUSED.equals(r.decision()) ? ExitCodes.LOCKED : ExitCodes.OK;
    }
}
