package io.srgan.spark.train;

import io.srgan.core.arch.Generator;
import io.srgan.core.arch.Generators;
import io.srgan.core.data.ColourMode;
import io.srgan.core.data.DecodedImage;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageBatches;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.ImageEncoder;
import io.srgan.core.data.ImageFolder;
import io.srgan.core.data.MatlabBicubic;
import io.srgan.core.data.ModCrop;
import io.srgan.core.data.PatchSampler;
import io.srgan.core.data.PatchSpec;
import io.srgan.core.data.SamplerState;
import io.srgan.core.nn.Init;
import io.srgan.core.train.GanTrainer;
import io.srgan.core.train.LocalTrainingLoop;
import io.srgan.core.train.TrainState;
import io.srgan.spark.config.JobConfig;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A training run on this machine: PSNR phase, GAN phase, validation and checkpoints every N steps,
 * resume from the newest complete checkpoint, and upscaled validation samples at the end. The
 * cluster job (sharded, parameter-averaged rounds) builds on the same pieces.
 */
public final class TrainJob {
    public static final String SAMPLER_SEED = "sampler/seed";
    public static final String SAMPLER_DRAWN = "sampler/drawn";

    private final JobConfig config;
    private final Path output;

    public TrainJob(JobConfig config, Path output) {
        this.config = config;
        this.output = output;
    }

    /** Runs to {@code config.steps()}; with {@code resume}, continues from the newest complete checkpoint. */
    public void run(boolean resume) throws IOException {
        run(resume, config.steps());
    }

    /** As {@link #run(boolean)}, but stops after step {@code stopAt}, as a crash would (tests). */
    void run(boolean resume, long stopAt) throws IOException {
        Files.createDirectories(output);
        try (RunCheckpoints checkpoints = new RunCheckpoints(CheckpointStore.open(output.toUri(), HadoopSettings.empty()),
                config.keepLast())) {
            run(checkpoints, resume, stopAt);
        }
    }

    private void run(RunCheckpoints checkpoints, boolean resume, long stopAt) throws IOException {
        Optional<RunCheckpoints.Loaded> previous = checkpoints.latest();
        if (previous.isPresent() && !resume) {
            throw new IllegalStateException(output + " already holds checkpoints (newest: step "
                    + previous.get().checkpoint().round() + "); pass --resume to continue it, or choose another --output");
        }
        ImageDecoder decoder = new ImageDecoder();
        TrainingData data = TrainingData.load(Path.of(config.trainHr()), config.trainLr() == null ? null : Path.of(config.trainLr()),
                config.train().generator().scale(), config.lrPatch(), decoder);
        PatchSpec spec = config.augment() ? PatchSpec.augmented(config.train().generator().scale(), config.lrPatch())
                : new PatchSpec(config.train().generator().scale(), config.lrPatch(), false, false, false);
        GanTrainer trainer = new GanTrainer(config.train());
        SamplerState samplerState = previous.isPresent() ? restore(previous.get().state(), trainer)
                : SamplerState.start(config.train().seed());
        PatchSampler sampler = new PatchSampler(data.pairs(), spec, samplerState);
        Files.writeString(output.resolve("config.json"), config.rendered());
        System.out.printf("training %s %dx%d ×%d on %d images (%d skipped), %d steps (%d PSNR phase), batch %d, patch %d → %s%n",
                config.train().generator().arch(), config.train().generator().blocks(), config.train().generator().channels(),
                config.train().generator().scale(), data.pairs().size(), data.problems().size(), config.steps(),
                Math.min(config.steps(), config.train().psnrSteps()), config.batch(), config.lrPatch(), output);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("seed", Long.toString(config.train().seed()));
        provenance.put("train_hr", config.trainHr());
        provenance.put("nd4j", "1.0.0-M2.1");
        provenance.put("java", System.getProperty("java.version"));
        Path validation = config.validationHr() == null ? null : Path.of(config.validationHr());
        new LocalTrainingLoop(trainer, sampler, config.batch(), List.of(
                new ProgressLog(output.resolve("metrics.jsonl"), config.logEvery(), config.steps(), config.batch(), trainer.step()),
                new ValidationAndCheckpoint(checkpoints, sampler, validation, config.checkpointEvery(), config.steps(), provenance)))
                .runUntil(Math.min(stopAt, config.steps()));
        if (stopAt < config.steps()) return;
        if (validation != null) writeSamples(deployableGenerator(trainer), validation, decoder);
    }

    /** Loads a checkpoint's training state into {@code trainer} and returns its data sampler's state. */
    private SamplerState restore(TrainState state, GanTrainer trainer) {
        Map<String, Long> core = new LinkedHashMap<>(state.counters());
        core.remove(SAMPLER_SEED);
        core.remove(SAMPLER_DRAWN);
        new TrainState(state.tensors(), core).restoreInto(trainer);
        System.out.printf("resuming %s from step %d%n", output, trainer.step());
        return new SamplerState(state.counter(SAMPLER_SEED), state.counter(SAMPLER_DRAWN));
    }

    /** The generator users get: the EMA weights when the run keeps them, else the raw ones. */
    static Generator deployableGenerator(GanTrainer trainer) {
        if (trainer.ema() == null) return trainer.generator();
        Generator g = Generators.build(trainer.config().generator(), new Init(0, DataType.FLOAT));
        g.params().forEach((name, p) -> p.value().assign(trainer.ema().shadow().get(name)));
        return g;
    }

    /** Writes, per validation image, the model's ×s output and the bicubic one as PNGs for a look by eye. */
    private void writeSamples(Generator g, Path validation, ImageDecoder decoder) throws IOException {
        Path dir = Files.createDirectories(output.resolve("samples"));
        int s = g.scale();
        for (Path f : ImageFolder.list(validation)) {
            DecodedImage hr = decoder.decode(f);
            FloatImage lr = MatlabBicubic.downscaleUint8(ModCrop.toMultiple(hr.rgb(), s), s);
            FloatImage sr;
            try (INDArray in = ImageBatches.toBatch(lr); INDArray out = g.upscale(in)) {
                sr = ImageBatches.fromBatch(out, 0);
            }
            String stem = ImageFolder.stem(f);
            Files.write(dir.resolve(stem + "_sr.png"), ImageEncoder.png(sr, null, ColourMode.RGB, 8));
            Files.write(dir.resolve(stem + "_bicubic.png"), ImageEncoder.png(MatlabBicubic.upscaleUint8(lr, s), null, ColourMode.RGB, 8));
        }
        System.out.println("samples written to " + dir);
    }
}
