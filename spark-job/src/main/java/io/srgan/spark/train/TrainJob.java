package io.srgan.spark.train;

import io.srgan.spark.config.OptimizerPolicy;
import io.srgan.core.arch.Generator;
import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.core.inference.Bf16Model;
import io.srgan.core.inference.Precision;
import io.srgan.core.metric.DatasetScore;
import io.srgan.core.train.GanTrainer;
import io.srgan.core.train.TrainState;
import io.srgan.spark.cluster.SparkSessions;
import io.srgan.spark.config.FlatSettings;
import io.srgan.spark.config.JobConfig;
import io.srgan.spark.io.AtomicFile;
import io.srgan.spark.io.Checkpoint;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.ChosenCheckpoint;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.MetricGoal;
import io.srgan.spark.io.RetentionPolicy;
import io.srgan.spark.io.Storage;
import io.srgan.spark.run.CheckpointChoice;
import io.srgan.spark.run.MetricsLines;
import io.srgan.spark.run.MetricsLogWriter;
import io.srgan.spark.run.ModelLocator;
import io.srgan.spark.run.RunCheckpoints;
import io.srgan.spark.run.RunFolder;
import io.srgan.spark.run.ValidationLine;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training run on Spark: the training pairs are sharded across partitions and decoded once; each
 * round broadcasts the state, every partition takes {@code cluster.local-steps} steps on its shard
 * (PSNR phase: G only; GAN phase: D then G), and the driver averages the results. Validation and a
 * checkpoint every {@code checkpoint.every} steps, at the end of the PSNR phase and at the end (a
 * failed validation is recorded and the checkpoint committed anyway); a run resumes from its newest
 * intact checkpoint, passing over damaged ones, with the settings it was written with
 * ({@link ResumeCheck}). Under {@code spark-submit} it runs on the cluster;
 * from {@code bin/srgan} on an embedded {@code local[*]}.
 */
public final class TrainJob {
    static final String ROUND = "round";
    static final String PARTITIONS = "partitions";
    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

    private final JobConfig config;
    private final URI output;
    private final HadoopSettings credentials;

    public TrainJob(JobConfig config, URI output) {
        this(config, output, HadoopSettings.empty());
    }

    /**
     * @param credentials Hadoop settings that must not live in the config file (which is copied into
     *                    every checkpoint), e.g. keys handed over by a scheduler or a test
     */
    public TrainJob(JobConfig config, URI output, HadoopSettings credentials) {
        this.config = config;
        this.output = output;
        this.credentials = credentials;
    }

    /** Whether a run continues the checkpoints in its folder. */
    public enum Resume {
        /** Start a new run; a folder that holds checkpoints is refused (unless checkpoint.auto-resume). */
        NO,
        /** Continue from the newest intact checkpoint; refuse settings that break exact resume ({@link ResumeRules}). */
        EXACT,
        /** Continue from the newest intact checkpoint with whatever settings changed, listing them. */
        ACCEPT_CHANGES
    }

    /** Runs to {@code train.steps}; with {@code resume} (or checkpoint.auto-resume), continues from the newest intact checkpoint. */
    public void run(boolean resume) throws IOException {
        run(resume ? Resume.EXACT : Resume.NO);
    }

    public void run(Resume resume) throws IOException {
        run(resume, config.steps());
    }

    /** As {@link #run(boolean)}, but stops after the round that reaches step {@code stopAt}, as a crash would (tests). */
    void run(boolean resume, long stopAt) throws IOException {
        run(resume ? Resume.EXACT : Resume.NO, stopAt);
    }

    void run(Resume resume, long stopAt) throws IOException {
        JavaSparkContext sc = SparkSessions.getOrCreate("srgan train");
        HadoopSettings hadoop = hadoopSettings(sc);
        DriverLog log = new DriverLog();
        try (Storage storage = Storage.open(output, hadoop);
             RunCheckpoints checkpoints = new RunCheckpoints(CheckpointStore.over(storage), retention())) {
            try {
                new Run(sc, hadoop, storage, checkpoints).execute(resume == Resume.NO && config.autoResume() ? Resume.EXACT : resume,
                        stopAt);
            } finally {
                log.copyInto(storage);
            }
        }
    }

    /** The Hadoop client settings of the run: Spark's {@code spark.hadoop.*} properties, then the config's {@code hadoop} block. */
    private HadoopSettings hadoopSettings(JavaSparkContext sc) {
        Map<String, String> values = new LinkedHashMap<>();
        for (scala.Tuple2<String, String> kv : sc.getConf().getAllWithPrefix(HadoopSettings.SPARK_PREFIX)) values.put(kv._1, kv._2);
        values.putAll(config.hadoop().values());
        values.putAll(credentials.values());
        return HadoopSettings.of(values);
    }

    private RetentionPolicy retention() {
        RetentionPolicy p = RetentionPolicy.keepLast(config.keepLast()).andBest(RunCheckpoints.VAL_PSNR, MetricGoal.MAXIMIZE);
        long psnrEnd = config.train().psnrSteps();
        return psnrEnd > 0 && psnrEnd < config.steps() ? p.andPinned(psnrEnd) : p;
    }

    /** One execution of the job: the driver's state between rounds. */
    private final class Run {
        private final JavaSparkContext sc;
        private final HadoopSettings hadoop;
        private final Storage storage;
        private final RunCheckpoints checkpoints;
        private final String runId = UUID.randomUUID().toString();
        private final Map<String, String> provenance = new LinkedHashMap<>();
        private final Progress progress;
        private MetricsLogWriter log;
        private ValidationSet validation;
        private Map<String, Object> resumeLine;

        Run(JavaSparkContext sc, HadoopSettings hadoop, Storage storage, RunCheckpoints checkpoints) {
            this.sc = sc;
            this.hadoop = hadoop;
            this.storage = storage;
            this.checkpoints = checkpoints;
            this.progress = new Progress(config.steps(), config.logEvery());
        }

        void execute(Resume resume, long stopAt) throws IOException {
            Optional<ChosenCheckpoint<RunCheckpoints.Loaded>> previous = resumePoint(resume);
            TrainingInputs.Listing inputs = TrainingInputs.list(config, hadoop.toConfiguration());
            int partitions = partitions(inputs.pairs().size());
            StateArrays state = previous.isPresent() ? resumeFrom(previous.get(), partitions, resume) : initialState();
            long step = state.counter(TrainState.STEP);
            progress.startAt(step);
            long round = state.counters().getOrDefault(ROUND, 0L);
            log = MetricsLogWriter.open(storage, previous.isPresent() ? step : -1);
            if (resumeLine != null) log.append(resumeLine);
            AtomicFile.write(storage, storage.resolve(RunFolder.CONFIG), out -> out.write(config.rendered().getBytes(StandardCharsets.UTF_8)));
            if (config.validationHr() != null) validation = ValidationSet.load(Uris.of(config.validationHr()), hadoop.toConfiguration());

            provenance();
            OptimizerPolicy policy = OptimizerPolicy.parse(config.cluster().optimizerState());
            TaskSettings tasks = new TaskSettings(runId, config.rendered(), config.train().seed(), policy,
                    PerceptualModelFile.distribute(sc, config), io.srgan.spark.cluster.NativeThreads.perTask(sc, partitions),
                    config.cluster().lrScale(partitions));
            DivergencePolicy divergence = new DivergencePolicy(config.divergence());
            TrainingShards shards = null;
            try (RoundRunner runner = new RoundRunner(sc, tasks, config.cluster().reducers(), config.cluster().sliceFloats())) {
                boolean firstRound = true;
                while (step < Math.min(stopAt, config.steps())) {
                    int k = roundLength(step);
                    long number = round + 1;
                    int epoch = epochOf(number);
                    if (shards == null || shards.epoch() != epoch) {
                        if (shards != null) shards.close();
                        shards = TrainingShards.build(sc, inputs.pairs(), partitions, config.train().seed(), epoch, hadoop,
                                config.train().generator().scale(), config.lrPatch());
                        reportData(inputs, shards, partitions, step);
                    }
                    boolean checkpointAfter = checkpointDue(step + k);
                    RoundRunner.Round r = new RoundRunner.Round(number, k, step >= config.train().psnrSteps(),
                            policy == OptimizerPolicy.AVERAGE || (policy == OptimizerPolicy.KEEP_LOCAL && checkpointAfter),
                            !firstRound, divergence.lrFactor(state), describe(number, step, k, partitions));
                    RoundRunner.Outcome o = runner.run(shards, state, r);
                    firstRound = false;
                    reportLostPairs(o.reports(), shards, number);
                    if (o.diverged()) {
                        DivergencePolicy.Decision d = divergence.decide(state, r, o.divergence());
                        log.append(d.line());
                        log.flush();
                        if (d.stop()) throw new TrainingDivergedException(d.message() + "; " + newestCheckpoint());
                        System.out.println(d.message());
                        state = d.state();
                        if (state.counter(TrainState.STEP) == step) continue; // the same round again
                    } else {
                        state = o.state().withCounters(withPartitions(o.state().counters(), partitions));
                        log.append(RoundLines.of(number, step + k, phase(step), partitions, o));
                    }
                    step = state.counter(TrainState.STEP);
                    round = number;
                    if (progress.due(step) && !o.diverged()) {
                        progress.print(step, o);
                        log.flush();
                    }
                    if (checkpointAfter) checkpoint(state, step);
                    else if (step / config.validationEvery() > (step - k) / config.validationEvery()) validate(state, step);
                }
                log.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while a round ran", e);
            } finally {
                if (shards != null) shards.close();
            }
            if (step >= config.steps() && validation != null) samples(state);
            if (step >= config.steps()) report();
        }

        /** The checkpoint to continue from; none for a new run, which a folder holding checkpoints refuses. */
        private Optional<ChosenCheckpoint<RunCheckpoints.Loaded>> resumePoint(Resume resume) throws IOException {
            if (resume != Resume.NO) return checkpoints.latest();
            Optional<Checkpoint> existing = checkpoints.store().latest();
            if (existing.isPresent()) {
                throw new IllegalStateException(output + " already holds checkpoints (newest: step " + existing.get().step()
                        + "); pass --resume to continue it, or choose another --output");
            }
            return Optional.empty();
        }

        /** Sample images of the final generator; samples that fail cost a warning, not the finished run. */
        private void samples(StateArrays state) {
            try {
                new SampleWriter(storage, validation).write(generatorOf(state));
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                LOG.warn("the run finished but its sample images failed: {}", e.toString());
            }
        }

        /** The run's report (charts, crops, summary); a report that fails costs a warning, not the finished run. */
        private void report() {
            try {
                io.srgan.spark.report.RunReport.render(output, hadoop, null);
            } catch (IOException | RuntimeException e) {
                LOG.warn("the run finished but its report failed: {} (run `srgan report {}` to retry)", e.toString(), output);
            }
        }

        /** A new trainer's state, or with train.init-from its networks started from another checkpoint's weights. */
        private StateArrays initialState() throws IOException {
            GanTrainer fresh = new GanTrainer(PerceptualModelFile.withoutPerceptual(config.train()));
            JobConfig.InitFrom init = config.init();
            if (init == null) return StateArrays.export(fresh);
            ModelLocator.Located source = ModelLocator.locate(Uris.of(init.source()), hadoop, CheckpointChoice.parse(init.checkpoint()));
            TrainState freshState = TrainState.export(fresh);
            TrainState start = InitialWeights.apply(freshState, source.meta(), source.state().tensors(), init.discriminator(),
                    source.source());
            try {
                boolean ema = source.state().hasEma();
                System.out.printf("starting from %s: G from its %s weights%s; optimizer and step fresh%n", source.source(),
                        ema ? "EMA" : "raw", init.discriminator() ? ", D from its D" : ", D fresh");
                provenance.put("init_from", source.source());
                resumeLine = MetricsLines.init(source.source(), ema ? "ema" : "raw", init.discriminator());
                return StateArrays.of(start);
            } finally {
                java.util.Set<INDArray> all = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                all.addAll(start.tensors().values());
                all.addAll(freshState.tensors().values());
                all.addAll(source.state().tensors().values());
                all.forEach(INDArray::close);
            }
        }

        /**
         * The state to continue from, after checking the settings against the checkpoint's (refused
         * unless exact or accepted) and moving aside the newer checkpoints found damaged, so that
         * their rounds can be written again. What happened goes to the console and to a
         * {@code resume} line of the metrics.
         */
        private StateArrays resumeFrom(ChosenCheckpoint<RunCheckpoints.Loaded> chosen, int partitions, Resume resume)
                throws IOException {
            RunCheckpoints.Loaded loaded = chosen.value();
            TrainState s = loaded.state();
            try {
                ResumeCheck check = ResumeCheck.of(loaded.meta(), config, partitions);
                check.enforce(loaded.checkpoint().uri().toString(), resume == Resume.ACCEPT_CHANGES);
                List<Map<String, String>> passedOver = new java.util.ArrayList<>();
                for (ChosenCheckpoint.PassedOver p : chosen.passedOver()) {
                    org.apache.hadoop.fs.Path aside = checkpoints.store().setAside(p.checkpoint());
                    System.out.printf("checkpoint %s is damaged (%s): passed over, moved aside to %s%n", p.checkpoint().uri(),
                            p.reason(), aside);
                    passedOver.add(Map.of("checkpoint", p.checkpoint().uri().toString(), "reason", p.reason(),
                            "moved_to", aside.toString()));
                }
                if (!check.recorded()) {
                    System.out.println("the checkpoint records no settings (written by an older version): only tensor shapes are"
                            + " checked against this run's");
                }
                for (SettingChange c : check.changes()) {
                    System.out.println((c.breaking() ? "changed setting (accepted with --resume-changed; not an exact resume): "
                            : "changed setting: ") + c);
                }
                System.out.printf("resuming %s from step %d (%s)%n", output, s.counter(TrainState.STEP), loaded.checkpoint().uri());
                resumeLine = MetricsLines.resume(s.counter(TrainState.STEP), loaded.checkpoint().uri().toString(), passedOver,
                        check.changes().stream().map(SettingChange::logEntry).toList());
                return StateArrays.of(s);
            } finally {
                s.tensors().values().forEach(INDArray::close);
            }
        }


        private int partitions(int pairs) {
            int wanted = config.cluster().partitions() > 0 ? config.cluster().partitions() : sc.defaultParallelism();
            if (wanted > pairs) {
                LOG.warn("{} partitions asked for but only {} training pairs: using {}", wanted, pairs, pairs);
                return pairs;
            }
            return wanted;
        }

        /** Steps of the round starting at {@code step}: K, cut at the end of the PSNR phase and of the run. */
        private int roundLength(long step) {
            long end = config.steps();
            long psnr = config.train().psnrSteps();
            if (step < psnr) end = Math.min(end, psnr);
            return (int) Math.min(config.cluster().localSteps(), end - step);
        }

        private boolean checkpointDue(long step) {
            return step % config.checkpointEvery() == 0 || step == config.steps() || step == config.train().psnrSteps();
        }

        private String phase(long step) {
            return step < config.train().psnrSteps() ? "psnr" : "gan";
        }

        private String describe(long round, long step, int k, int partitions) {
            return String.format("srgan round %d: steps %d-%d (%s phase) on %d partitions", round, step + 1, step + k,
                    phase(step), partitions);
        }

        private void reportData(TrainingInputs.Listing inputs, TrainingShards shards, int partitions, long step) throws IOException {
            List<String> problems = new java.util.ArrayList<>(inputs.problems());
            Map<String, Integer> byReason = new java.util.TreeMap<>();
            if (!inputs.problems().isEmpty()) byReason.put("unpaired", inputs.problems().size());
            for (SkippedFile f : shards.skipped()) {
                problems.add(f.toString());
                byReason.merge(f.reason().label(), 1, Integer::sum);
            }
            List<Integer> usable = shards.usablePerPartition();
            int total = usable.stream().mapToInt(Integer::intValue).sum();
            problems.forEach(p -> LOG.warn("skipped training image: {}", p));
            if (total == 0) throw new IllegalStateException("no usable training images (" + problems.size() + " skipped: " + problems + ")");
            if (shards.epoch() == 0) {
                System.out.printf("training %s ×%d on %d images (%d skipped) in %d partitions %s, %d steps (%d PSNR phase),"
                                + " %d local steps per round, batch %d per partition, patch %d → %s%n",
                        config.train().generator().size(), config.train().generator().scale(), total, problems.size(), partitions, usable, config.steps(),
                        Math.min(config.steps(), config.train().psnrSteps()), config.cluster().localSteps(), config.batch(),
                        config.lrPatch(), output);
            } else {
                System.out.printf("step %d: images reassigned to partitions (epoch %d): %s%n", step, shards.epoch(), usable);
            }
            log.append(MetricsLines.data(step, shards.epoch(), total, problems.size(), byReason, partitions, usable,
                    problems.subList(0, Math.min(50, problems.size()))));
        }

        /**
         * A shard decoded again (its executor was lost, or its cached blocks evicted) can hold fewer
         * images than when the run started, e.g. after a storage outage: say which partition lost
         * which images and why, since the run goes on without them.
         */
        private void reportLostPairs(RoundReports reports, TrainingShards shards, long round) throws IOException {
            List<Integer> expected = shards.usablePerPartition();
            for (PartitionReport r : reports.all()) {
                int lost = expected.get(r.partition()) - r.pairs();
                if (lost <= 0) continue;
                LOG.warn("round {}: partition {} on executor {} holds {} of its {} training images: its shard was decoded again"
                        + " (lost executor or evicted cache) and {} did not decode now: {}", round, r.partition(), r.executor(),
                        r.pairs(), expected.get(r.partition()), lost, r.skipped());
                log.append(MetricsLines.dataLoss(round, r.partition(), r.executor(), r.pairs(), expected.get(r.partition()),
                        r.skipped().subList(0, Math.min(50, r.skipped().size()))));
            }
        }

        /** Shards are re-dealt every cluster.reshuffle-every rounds: round n (1-based) trains on epoch (n-1)/every. */
        private int epochOf(long round) {
            int every = config.cluster().reshuffleEvery();
            return every <= 0 ? 0 : (int) ((round - 1) / every);
        }

        private String newestCheckpoint() {
            try {
                return checkpoints.store().latest().map(c -> "the newest checkpoint, step " + c.step() + ", is kept")
                        .orElse("no checkpoint was written yet");
            } catch (IOException | RuntimeException e) {
                return "the newest checkpoint could not be read (" + e.getMessage() + ")";
            }
        }

        private void provenance() {
            provenance.put("seed", Long.toString(config.train().seed()));
            provenance.put("train", config.trainManifest() != null ? config.trainManifest() : config.trainHr());
            provenance.put("nd4j", io.srgan.core.util.Versions.nd4j());
            provenance.put("srgan-spark", io.srgan.core.util.Versions.project());
            provenance.put("spark", sc.version());
            provenance.put("master", sc.master());
            provenance.put("java", System.getProperty("java.version"));
        }

        /**
         * Scores the deployable generator on the validation set (if any) and logs it. A validation that
         * fails (an unreadable image, memory) is logged as such and costs its scores, never the run or
         * the checkpoint it precedes.
         */
        private ValidationOutcome validate(StateArrays state, long step) throws IOException {
            if (validation == null) return ValidationOutcome.NONE;
            DatasetScore s;
            try {
                Generator g = generatorOf(state);
                s = validation.score(config.validationPrecision() == Precision.BF16 ? Bf16Model.of(g) : g);
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                String failure = e.toString();
                System.out.printf("step %d  validation failed: %s%n", step, failure);
                LOG.warn("validation at step {} failed; the run goes on without its scores", step, e);
                log.append(MetricsLines.validationFailed(step, state.counter(ROUND), failure));
                log.flush();
                return new ValidationOutcome(Map.of(), failure);
            }
            System.out.printf("step %d  validation PSNR-Y %.3f dB  SSIM-Y %.4f (%d images)%n", step, s.meanPsnrY(),
                    s.meanSsimY(), s.size());
            ValidationLine line = new ValidationLine(step, state.counter(ROUND), s.meanPsnrY(), s.meanSsimY(), s.size(),
                    config.train().emaDecay() > 0 ? "ema" : "raw");
            log.append(line.fields());
            log.flush();
            return new ValidationOutcome(line.scores(), null);
        }

        /** Validates, then commits the checkpoint whatever validation did: its meta records the scores or the failure. */
        private void checkpoint(StateArrays state, long step) throws IOException {
            ValidationOutcome v = validate(state, step);
            TrainState ts = state.toTrainState();
            try {
                var c = checkpoints.save(new CheckpointMeta(CheckpointMeta.CURRENT_VERSION, config.train(), ts.counters(),
                        v.scores(), provenance, FlatSettings.of(config), v.failure()), ts);
                LOG.info("checkpoint {} committed", c.uri());
            } finally {
                ts.tensors().values().forEach(INDArray::close);
            }
            log.flush();
        }

        /** The generator users get: the EMA weights when the run keeps them, else the raw ones. */
        private Generator generatorOf(StateArrays state) {
            boolean ema = config.train().emaDecay() > 0;
            String prefix = ema ? TrainState.EMA : TrainState.G;
            TrainState ts = state.select(n -> n.startsWith(prefix)).toTrainState();
            try {
                return io.srgan.core.checkpoint.Checkpoints.generator(config.train().generator(), ts.tensors(), ema, "the run's state");
            } catch (io.srgan.core.checkpoint.CheckpointCorruptException e) {
                throw new IllegalStateException(e.getMessage(), e); // the trainer's own tensors: cannot mismatch its config
            } finally {
                ts.tensors().values().forEach(INDArray::close);
            }
        }
    }

    /** What a validation gave: its scores, or why it failed (then no scores). */
    private record ValidationOutcome(Map<String, Double> scores, String failure) {
        static final ValidationOutcome NONE = new ValidationOutcome(Map.of(), null);
    }

    private static Map<String, Long> withPartitions(Map<String, Long> counters, int partitions) {
        Map<String, Long> c = new java.util.TreeMap<>(counters);
        c.put(PARTITIONS, (long) partitions);
        return c;
    }
}
