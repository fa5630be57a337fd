package io.srgan.spark.train;

import io.srgan.core.arch.Generator;
import io.srgan.core.arch.Generators;
import io.srgan.core.metric.DatasetScore;
import io.srgan.core.nn.Init;
import io.srgan.core.train.GanTrainer;
import io.srgan.core.train.TrainState;
import io.srgan.spark.cluster.SparkSessions;
import io.srgan.spark.config.JobConfig;
import io.srgan.spark.io.AtomicFile;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.MetricGoal;
import io.srgan.spark.io.RetentionPolicy;
import io.srgan.spark.io.Storage;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training run on Spark: the training pairs are sharded across partitions and decoded once; each
 * round broadcasts the state, every partition takes {@code cluster.local-steps} steps on its shard
 * (PSNR phase: G only; GAN phase: D then G), and the driver averages the results. Validation and a
 * checkpoint every {@code checkpoint.every} steps, at the end of the PSNR phase and at the end; a run
 * resumes from its newest complete checkpoint. Under {@code spark-submit} it runs on the cluster;
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

    /** Runs to {@code train.steps}; with {@code resume} (or checkpoint.auto-resume), continues from the newest complete checkpoint. */
    public void run(boolean resume) throws IOException {
        run(resume, config.steps());
    }

    /** As {@link #run(boolean)}, but stops after the round that reaches step {@code stopAt}, as a crash would (tests). */
    void run(boolean resume, long stopAt) throws IOException {
        JavaSparkContext sc = SparkSessions.getOrCreate("srgan train");
        HadoopSettings hadoop = hadoopSettings(sc);
        try (Storage storage = Storage.open(output, hadoop);
             RunCheckpoints checkpoints = new RunCheckpoints(CheckpointStore.over(storage), retention())) {
            new Run(sc, hadoop, storage, checkpoints).execute(resume || config.autoResume(), stopAt);
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
        private RunLog log;
        private ValidationSet validation;

        Run(JavaSparkContext sc, HadoopSettings hadoop, Storage storage, RunCheckpoints checkpoints) {
            this.sc = sc;
            this.hadoop = hadoop;
            this.storage = storage;
            this.checkpoints = checkpoints;
            this.progress = new Progress(config.steps(), config.logEvery());
        }

        void execute(boolean resume, long stopAt) throws IOException {
            Optional<RunCheckpoints.Loaded> previous = checkpoints.latest();
            if (previous.isPresent() && !resume) {
                throw new IllegalStateException(output + " already holds checkpoints (newest: step "
                        + previous.get().checkpoint().round() + "); pass --resume to continue it, or choose another --output");
            }
            StateArrays state = previous.isPresent() ? resumeFrom(previous.get()) : initialState();
            long step = state.counter(TrainState.STEP);
            long round = state.counters().getOrDefault(ROUND, 0L);
            log = RunLog.open(storage, previous.isPresent() ? step : -1);
            AtomicFile.write(storage, storage.resolve("config.json"), out -> out.write(config.rendered().getBytes(StandardCharsets.UTF_8)));
            if (config.validationHr() != null) validation = ValidationSet.load(Uris.of(config.validationHr()), hadoop.toConfiguration());

            TrainingInputs.Listing inputs = TrainingInputs.list(config, hadoop.toConfiguration());
            int partitions = partitions(inputs.pairs().size());
            provenance();
            try (TrainingShards shards = TrainingShards.build(sc, inputs.pairs(), partitions, config.train().seed(), hadoop,
                    config.train().generator().scale(), config.lrPatch())) {
                reportData(inputs, shards, partitions, step);
                if (previous.isPresent() && previous.get().state().counters().containsKey(PARTITIONS)
                        && previous.get().state().counter(PARTITIONS) != partitions) {
                    LOG.warn("resuming with {} partitions where the checkpoint was made with {}: the run continues, but not as an"
                            + " uninterrupted run would", partitions, previous.get().state().counter(PARTITIONS));
                }
                OptimizerPolicy policy = OptimizerPolicy.parse(config.cluster().optimizerState());
                String perceptualFile = PerceptualModelFile.distribute(sc, config);
                int threads = io.srgan.spark.cluster.NativeThreads.perTask(sc, partitions);
                RoundRunner runner = new RoundRunner(sc, shards, policy, config.cluster().treeDepth());
                boolean firstRound = true;
                while (step < Math.min(stopAt, config.steps())) {
                    int k = roundLength(step);
                    round++;
                    boolean checkpointAfter = checkpointDue(step + k);
                    RoundPlan plan = new RoundPlan(runId, config.rendered(), round, step, k, config.train().seed(), policy,
                            policy == OptimizerPolicy.AVERAGE || (policy == OptimizerPolicy.KEEP_LOCAL && checkpointAfter),
                            !firstRound, perceptualFile, threads, config.cluster().lrScale(partitions));
                    RoundRunner.Outcome o = runner.run(state, plan, describe(round, step, k, partitions));
                    state = o.state().withCounters(withPartitions(o.state().counters(), partitions));
                    step += k;
                    firstRound = false;
                    log.append(RoundLine.of(round, step, phase(step - 1), partitions, o));
                    if (progress.due(step)) {
                        progress.print(step, o);
                        log.flush();
                    }
                    if (checkpointAfter) checkpoint(state, step);
                    else if (step / config.validationEvery() > (step - k) / config.validationEvery()) validate(state, step);
                }
                log.flush();
            }
            if (step >= config.steps() && validation != null) {
                new SampleWriter(storage, validation).write(generatorOf(state));
            }
            if (step >= config.steps()) report();
        }

        /** The run's report (charts, crops, summary); a report that fails costs a warning, not the finished run. */
        private void report() {
            try {
                System.out.println("report written to " + io.srgan.spark.report.RunReport.render(output, hadoop, null).folder());
            } catch (IOException | RuntimeException e) {
                LOG.warn("the run finished but its report failed: {} (run `srgan report {}` to retry)", e.toString(), output);
            }
        }

        private StateArrays initialState() {
            return StateArrays.export(new GanTrainer(PerceptualModelFile.withoutPerceptual(config.train())));
        }

        private StateArrays resumeFrom(RunCheckpoints.Loaded loaded) {
            TrainState s = loaded.state();
            try {
                System.out.printf("resuming %s from step %d (%s)%n", output, s.counter(TrainState.STEP), loaded.checkpoint().uri());
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

        private void reportData(TrainingInputs.Listing inputs, TrainingShards shards, int partitions, long step) {
            List<String> problems = new java.util.ArrayList<>(inputs.problems());
            problems.addAll(shards.problems());
            List<Integer> usable = shards.usablePerPartition();
            int total = usable.stream().mapToInt(Integer::intValue).sum();
            problems.forEach(p -> LOG.warn("skipped training image: {}", p));
            if (total == 0) throw new IllegalStateException("no usable training images (" + problems.size() + " skipped: " + problems + ")");
            System.out.printf("training %s %dx%d ×%d on %d images (%d skipped) in %d partitions %s, %d steps (%d PSNR phase),"
                            + " %d local steps per round, batch %d per partition, patch %d → %s%n",
                    config.train().generator().arch(), config.train().generator().blocks(), config.train().generator().channels(),
                    config.train().generator().scale(), total, problems.size(), partitions, usable, config.steps(),
                    Math.min(config.steps(), config.train().psnrSteps()), config.cluster().localSteps(), config.batch(),
                    config.lrPatch(), output);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("kind", "data");
            line.put("step", step);
            line.put("pairs", total);
            line.put("skipped", problems.size());
            line.put("partitions", partitions);
            line.put("pairs_per_partition", usable);
            line.put("problems", problems.subList(0, Math.min(50, problems.size())));
            log.append(line);
        }

        private void provenance() {
            provenance.put("seed", Long.toString(config.train().seed()));
            provenance.put("train", config.trainManifest() != null ? config.trainManifest() : config.trainHr());
            provenance.put("nd4j", "1.0.0-M2.1");
            provenance.put("spark", sc.version());
            provenance.put("master", sc.master());
            provenance.put("java", System.getProperty("java.version"));
        }

        /** Scores the deployable generator on the validation set (if any), logs it, returns the scores. */
        private Map<String, Double> validate(StateArrays state, long step) throws IOException {
            Map<String, Double> scores = new LinkedHashMap<>();
            if (validation == null) return scores;
            DatasetScore s = validation.score(generatorOf(state));
            scores.put(RunCheckpoints.VAL_PSNR, s.meanPsnrY());
            scores.put("val_ssim_y", s.meanSsimY());
            System.out.printf("step %d  validation PSNR-Y %.3f dB  SSIM-Y %.4f (%d images)%n", step, s.meanPsnrY(),
                    s.meanSsimY(), s.size());
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("kind", "validation");
            line.put("step", step);
            line.put("round", state.counter(ROUND));
            line.put(RunCheckpoints.VAL_PSNR, s.meanPsnrY());
            line.put("val_ssim_y", s.meanSsimY());
            line.put("images", s.size());
            line.put("generator", config.train().emaDecay() > 0 ? "ema" : "raw");
            log.append(line);
            log.flush();
            return scores;
        }

        private void checkpoint(StateArrays state, long step) throws IOException {
            Map<String, Double> scores = validate(state, step);
            TrainState ts = state.toTrainState();
            try {
                var c = checkpoints.save(config.train(), ts, scores, provenance);
                LOG.info("checkpoint {} committed", c.uri());
            } finally {
                ts.tensors().values().forEach(INDArray::close);
            }
            log.flush();
        }

        /** The generator users get: the EMA weights when the run keeps them, else the raw ones. */
        private Generator generatorOf(StateArrays state) {
            Generator g = Generators.build(config.train().generator(), new Init(0, DataType.FLOAT));
            boolean ema = config.train().emaDecay() > 0;
            String prefix = ema ? "ema/" : "g/";
            TrainState ts = state.select(n -> n.startsWith(prefix)).toTrainState();
            try {
                ts.restoreGenerator(g.params(), ema);
            } finally {
                ts.tensors().values().forEach(INDArray::close);
            }
            return g;
        }
    }

    private static Map<String, Long> withPartitions(Map<String, Long> counters, int partitions) {
        Map<String, Long> c = new java.util.TreeMap<>(counters);
        c.put(PARTITIONS, (long) partitions);
        return c;
    }
}
