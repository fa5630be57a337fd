package io.srgan.spark.retrain;

import io.srgan.spark.config.JobConfig;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.models.LeaseOwner;
import io.srgan.spark.models.ModelStore;
import io.srgan.spark.models.StoreLease;
import io.srgan.spark.testing.UntrainedRuns;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;

/**
 * A retrain setup on any store: a tiny recipe (BN-free 1×4 generator, batch 2, patch 8), a production
 * model made by a real (untrained) trainer, an incoming folder with days of the shipped sample images
 * and the shipped validation images.
 */
final class RetrainFixture {
    static final Path SAMPLE_TRAIN = Path.of("sample-data/train");
    static final Path SAMPLE_VAL = Path.of("sample-data/val");
    /** 02:00 UTC on 2 March: the run consumes days up to 1 March. */
    static final Clock NIGHT = Clock.fixed(Instant.parse("2025-03-02T02:00:00Z"), ZoneOffset.UTC);

    final URI base;
    final HadoopSettings settings;
    final Path configFile;
    final List<String> overrides = new ArrayList<>();

    RetrainFixture(URI base, HadoopSettings settings, Path scratch) throws IOException {
        this.base = base;
        this.settings = settings;
        this.configFile = scratch.resolve("retrain-test.conf");
        Files.writeString(configFile, "include file(\"" + Path.of("../conf/quickstart.conf").toAbsolutePath() + "\")\n");
        overrides.addAll(List.of("generator.blocks=1", "generator.channels=4", "discriminator.width=4", "train.batch=2",
                "train.lr-patch=8", "train.steps=10", "train.psnr-steps=10", "checkpoint.every=10", "cluster.local-steps=5", "ema-decay=0",
                "optimizer.generator.lr=1e-3", "optimizer.schedule.kind=constant", "log-every=10",
                "retrain.store=\"" + base.resolve("store/") + "\"", "retrain.incoming=\"" + base.resolve("incoming/") + "\"",
                "retrain.validation-hr=\"" + base.resolve("validation/") + "\"", "retrain.replay-images=2",
                "retrain.promote.margin=0.01", "retrain.lease.settle=500ms"));
    }

    RetrainFixture set(String... more) {
        overrides.addAll(List.of(more));
        return this;
    }

    RetrainConfig config() {
        return RetrainConfigLoader.load(configFile, overrides);
    }

    RetrainJob job(CandidateTrainer trainer) {
        return new RetrainJob(config(), trainer, settings, NIGHT);
    }

    /** A run at {@code NIGHT} plus {@code days}. */
    RetrainJob jobDaysLater(int days) {
        return jobAt(Clock.offset(NIGHT, java.time.Duration.ofDays(days)));
    }

    /** A run whose clock says {@code clock}. */
    RetrainJob jobAt(Clock clock) {
        return new RetrainJob(config(), new SparkCandidateTrainer(), settings, clock);
    }

    RetrainJob job() {
        return job(new SparkCandidateTrainer());
    }

    ModelStore openStore() throws IOException {
        return ModelStore.open(base.resolve("store/"), settings);
    }

    /** Uploads {@code count} sample training images as incoming day {@code day}, and the validation images. */
    RetrainFixture incomingDay(String day, int from, int count) throws IOException {
        try (FileSystem fs = FileSystem.newInstance(base, settings.toConfiguration())) {
            List<Path> files;
            try (var list = Files.list(SAMPLE_TRAIN)) {
                files = list.sorted().toList();
            }
            for (Path f : files.subList(from, from + count)) {
                fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(f.toAbsolutePath().toUri()),
                        new org.apache.hadoop.fs.Path(base.resolve("incoming/" + day + "/" + f.getFileName())));
            }
            try (var list = Files.list(SAMPLE_VAL)) {
                for (Path f : list.sorted().toList()) {
                    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(f.toAbsolutePath().toUri()),
                            new org.apache.hadoop.fs.Path(base.resolve("validation/" + f.getFileName())));
                }
            }
        }
        return this;
    }

    /** Puts an untrained model of the recipe's networks into the store as {@code id} and makes it production. */
    void untrainedProduction(String id, Path scratch) throws Exception {
        untrainedModel(id, scratch, config().recipe().loadForChecks(), true);
    }

    /** Puts another untrained model of the recipe's networks (other weights: seed {@code seed}) into the store as {@code id}. */
    void untrainedModel(String id, Path scratch, long seed) throws Exception {
        untrainedModel(id, scratch, config().recipe().load("train.hr=\"(none)\"", "train.lr=null", "train.manifest=null",
                "seed=" + seed), false);
    }

    private void untrainedModel(String id, Path scratch, JobConfig recipe, boolean promote) throws Exception {
        Path run = UntrainedRuns.untrained(scratch.resolve("production-run-" + id), recipe);
        try (ModelStore store = openStore(); CheckpointStore source = CheckpointStore.open(run.toUri(), HadoopSettings.empty());
             StoreLease lease = store.lock(new LeaseOwner("test", 1, "setup"), config().lease(), Clock.systemUTC())) {
            store.importModel(id, source.latest().orElseThrow(), Map.of());
            if (promote) {
                store.promote(id, "setup", "first production model", lease, Clock.systemUTC());
            }
        }
    }
}
