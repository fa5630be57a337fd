package io.srgan.spark.report;

import io.srgan.core.train.GanTrainer;
import io.srgan.core.train.TrainState;
import io.srgan.spark.config.JobConfig;
import io.srgan.spark.config.JobConfigLoader;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.Storage;
import io.srgan.spark.run.RunCheckpoints;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.fs.FileSystem;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A run folder as the Spark training job writes it, on any storage: config.json (root key srgan,
 * ×4, PSNR phase 1500 of 3000 steps, validation images copied beside the run), metrics.jsonl with
 * a data line, 300 plausible rounds of 10 steps, a validation line every 50 rounds, an unknown loss key
 * ({@code l_custom}), one NaN, one garbage line and a truncated last line, and two real
 * checkpoints of a tiny generator trained a few steps with core classes (step 1500: PSNR phase;
 * step 3000: after GAN steps), committed through RunCheckpoints over a CheckpointStore.
 */
final class SyntheticRun {
    static final int ROUNDS = 300;
    static final int STEPS_PER_ROUND = 10;
    static final long PSNR_STEPS = 1500;
    static final long STEPS = 3000;
    static final long NAN_STEP = 2500;

    final URI run;
    final URI validation;
    /** 1-based line numbers of the garbage line and the truncated last line. */
    long garbageLine;
    long truncatedLine;
    final Map<Long, Double> validationPsnr = new LinkedHashMap<>();
    double lastPixLoss;

    private SyntheticRun(URI base) {
        this.run = base.resolve("run/");
        this.validation = base.resolve("val/");
    }

    /** Writes the run under {@code base} (a folder URI ending in '/'). */
    static SyntheticRun create(URI base, HadoopSettings settings, boolean withPsnrPhaseCheckpoint) throws IOException {
        return create(base, settings, withPsnrPhaseCheckpoint, null);
    }

    /**
     * As {@link #create(URI, HadoopSettings, boolean)}, with {@code degradation} (JSON of a
     * {@code srgan.degradation} block, null for none) in config.json.
     */
    static SyntheticRun create(URI base, HadoopSettings settings, boolean withPsnrPhaseCheckpoint, String degradation)
            throws IOException {
        SyntheticRun r = new SyntheticRun(base);
        try (Storage storage = Storage.open(base, settings)) {
            FileSystem fs = storage.fileSystem();
            for (Path image : List.of(Path.of("sample-data/val/100075.png"), Path.of("sample-data/val/100080.png"))) {
                write(fs, r.validation.resolve(image.getFileName().toString()), Files.readAllBytes(image));
            }
            write(fs, r.run.resolve("config.json"), config(r.validation, degradation).getBytes(StandardCharsets.UTF_8));
            write(fs, r.run.resolve("metrics.jsonl"), String.join("\n", r.metrics()).getBytes(StandardCharsets.UTF_8));
        }
        r.checkpoints(settings, withPsnrPhaseCheckpoint);
        return r;
    }

    static String config(URI validation) {
        return config(validation, null);
    }

    static String config(URI validation, String degradation) {
        return "{\"srgan\":{\"scale\":4,\"seed\":0,\"generator\":{\"arch\":\"msrresnet\",\"blocks\":1,\"channels\":4},"
                + (degradation == null ? "" : "\"degradation\":" + degradation + ",")
                + "\"train\":{\"steps\":" + STEPS + ",\"psnr-steps\":" + PSNR_STEPS + ",\"batch\":16},"
                + "\"validation\":{\"hr\":\"" + validation + "\",\"every\":500}}}";
    }

    private List<String> metrics() {
        Random rnd = new Random(42);
        List<String> lines = new ArrayList<>();
        lines.add("{\"kind\":\"data\",\"step\":0,\"pairs\":800,\"skipped\":0,\"partitions\":4}");
        double t0 = 1.7e9;
        for (int round = 1; round <= ROUNDS; round++) {
            long step = (long) round * STEPS_PER_ROUND;
            boolean gan = step > PSNR_STEPS;
            double lr = 1e-7 + 0.5 * (2e-4 - 1e-7) * (1 + Math.cos(Math.PI * step / STEPS));
            double pix = 0.02 + 0.05 * Math.exp(-step / 600.0) + 0.003 * rnd.nextGaussian();
            lastPixLoss = pix;
            StringBuilder l = new StringBuilder("{\"kind\":\"round\",\"round\":" + round + ",\"step\":" + step
                    + ",\"phase\":\"" + (gan ? "gan" : "psnr") + "\",\"time\":" + (t0 + 2.5 * round) + ",\"partitions\":4,\"samples\":160");
            l.append(f("l_g_pix", pix));
            if (gan) {
                l.append(step == NAN_STEP ? ",\"l_g_gan\":\"NaN\"" : f("l_g_gan", 0.7 + 0.1 * rnd.nextGaussian()));
                l.append(f("l_g_perc", 0.3 + 0.02 * rnd.nextGaussian()));
                l.append(f("l_g_total", pix + 0.005 * 0.7 + 0.3));
                l.append(f("l_d_real", 0.6 + 0.05 * rnd.nextGaussian())).append(f("l_d_fake", 0.65 + 0.05 * rnd.nextGaussian()));
                l.append(f("out_d_real", 0.3 * (step - PSNR_STEPS) / 1500 + 0.05 * rnd.nextGaussian()));
                l.append(f("out_d_fake", -0.3 * (step - PSNR_STEPS) / 1500 + 0.05 * rnd.nextGaussian()));
                l.append(f("l_custom", 1e-3 * (1 + rnd.nextDouble())));
                l.append(f("lr_g", lr)).append(f("lr_d", lr));
            } else {
                l.append(f("l_g_total", pix)).append(f("lr_g", lr));
            }
            double compute = 2.0 + 0.1 * rnd.nextGaussian();
            double averaging = 0.3 + 0.02 * rnd.nextGaussian();
            double broadcast = 0.1 + 0.01 * rnd.nextGaussian();
            double roundS = compute + averaging + broadcast;
            l.append(f("samples_per_s", 160 / roundS)).append(f("round_s", roundS)).append(f("compute_s", compute))
                    .append(f("averaging_s", averaging)).append(f("broadcast_s", broadcast))
                    .append(f("task_compute_median_s", compute - 0.2)).append(f("task_compute_max_s", compute))
                    .append(f("bytes_up", 4 * 2.1e6)).append(f("bytes_across", 2 * 2.1e6)).append(f("bytes_to_driver", 2.1e6))
                    .append(f("bytes_down", gan ? 4 * 2.1e6 : 4 * 1.2e6)).append(f("driver_heap_mb", 180 + 5 * rnd.nextDouble()))
                    .append(f("driver_heap_peak_mb", 260 + 10 * rnd.nextDouble())).append('}');
            lines.add(l.toString());
            if (round % 50 == 0) {
                double psnr = gan ? 27.5 - 0.4 * (step - PSNR_STEPS) / 500 : 25 + step / 500.0;
                validationPsnr.put(step, psnr);
                lines.add("{\"kind\":\"validation\",\"step\":" + step + ",\"round\":" + round + f("val_psnr_y", psnr)
                        + f("val_ssim_y", 0.7 + psnr / 200) + ",\"images\":2,\"generator\":\"ema\"}");
            }
            if (round == 150) {
                lines.add("garbage ### a log line that is not JSON");
                garbageLine = lines.size();
            }
        }
        lines.add("{\"kind\":\"round\",\"round\":301,\"step\":3010,\"phase\":\"gan\",\"l_g_p");
        truncatedLine = lines.size();
        return lines;
    }

    /** {@code ,"key":value}, 6 significant digits. */
    private static String f(String key, double v) {
        return ",\"" + key + "\":" + String.format(Locale.ROOT, "%.6g", v);
    }

    /** Two checkpoints of a tiny generator with EMA: at the end of the PSNR phase (optional) and at the end. */
    private void checkpoints(HadoopSettings settings, boolean withPsnrPhase) throws IOException {
        JobConfig job = JobConfigLoader.load(Path.of("../conf/quickstart.conf"), List.of("generator.blocks=1",
                "generator.channels=4", "discriminator.width=4", "train.psnr-steps=2", "ema-decay=0.9"));
        GanTrainer trainer = new GanTrainer(job.train());
        Nd4j.getRandom().setSeed(7);
        try (CheckpointStore store = CheckpointStore.open(run, settings)) {
            RunCheckpoints checkpoints = new RunCheckpoints(store, 5);
            train(trainer, 2); // PSNR phase
            if (withPsnrPhase) checkpoints.save(job.train(), at(TrainState.export(trainer), PSNR_STEPS), Map.of(), Map.of());
            train(trainer, 2); // GAN phase
            checkpoints.save(job.train(), at(TrainState.export(trainer), STEPS), Map.of(), Map.of());
        }
    }

    private static void train(GanTrainer trainer, int steps) {
        for (int i = 0; i < steps; i++) {
            try (INDArray hr = Nd4j.rand(DataType.FLOAT, 2, 32, 32, 3);
                 INDArray lr = Nd4j.rand(DataType.FLOAT, 2, 8, 8, 3)) {
                trainer.step(lr, hr);
            }
        }
    }

    /** The state with its step counter set to {@code step}: the checkpoint's step. */
    private static TrainState at(TrainState s, long step) {
        Map<String, Long> counters = new LinkedHashMap<>(s.counters());
        counters.put(TrainState.STEP, step);
        return new TrainState(s.tensors(), counters);
    }

    private static void write(FileSystem fs, URI file, byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(file), true)) {
            out.write(bytes);
        }
    }
}
