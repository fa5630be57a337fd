package io.srgan.core.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.srgan.core.arch.DiscriminatorConfig;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.ImageFolder;
import io.srgan.core.data.ImagePair;
import io.srgan.core.data.PatchSampler;
import io.srgan.core.data.PatchSpec;
import io.srgan.core.data.SamplerState;
import io.srgan.core.metric.BicubicBaseline;
import io.srgan.core.metric.DatasetScore;
import io.srgan.core.metric.GrayPolicy;
import io.srgan.core.metric.SrEvaluator;
import io.srgan.core.train.AdamConfig;
import io.srgan.core.train.GanTrainer;
import io.srgan.core.train.LocalTrainingLoop;
import io.srgan.core.train.LossConfig;
import io.srgan.core.train.ScheduleConfig;
import io.srgan.core.train.StepMetrics;
import io.srgan.core.train.TrainConfig;
import io.srgan.core.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The reference PSNR-phase recipe (L1, Adam 2e-4 β 0.9/0.99, cosine to 1e-7 over the run, batch 16,
 * LR patch 24, flips/rot90, LR = MATLAB bicubic of HR) on one JVM, scoring the validation set every
 * {@code --eval-every} steps: prints the PSNR-Y/SSIM-Y curve and writes it as JSON.
 */
@Command(name = "quality-benchmark", mixinStandardHelpOptions = true)
public final class QualityBenchmark implements Callable<Integer> {
    @Option(names = "--train-hr", required = true) Path trainHr;
    @Option(names = "--val-hr", required = true) Path valHr;
    @Option(names = "--arch", defaultValue = "msrresnet") String arch;
    @Option(names = "--blocks", defaultValue = "8") int blocks;
    @Option(names = "--channels", defaultValue = "32") int channels;
    @Option(names = "--scale", defaultValue = "4") int scale;
    @Option(names = "--steps", defaultValue = "2000") long steps;
    @Option(names = "--eval-every", defaultValue = "500") long evalEvery;
    @Option(names = "--batch", defaultValue = "16") int batch;
    @Option(names = "--lr-patch", defaultValue = "24") int lrPatch;
    @Option(names = "--lr", defaultValue = "2e-4") double lr;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--json") Path json;

    public static void main(String[] args) {
        System.exit(new CommandLine(new QualityBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        ImageDecoder decoder = new ImageDecoder();
        List<ImagePair> pairs = new ArrayList<>();
        List<String> tooSmall = new ArrayList<>();
        for (Path f : ImageFolder.list(trainHr)) {
            ImagePair pair = ImagePair.fromHr(ImageFolder.stem(f), decoder.decode(f).rgb(), scale);
            if (pair.lr().height() < lrPatch || pair.lr().width() < lrPatch) tooSmall.add(pair.name());
            else pairs.add(pair);
        }
        if (!tooSmall.isEmpty()) System.out.println("skipped (LR smaller than one patch): " + tooSmall);
        TrainConfig config = new TrainConfig(new GeneratorConfig(arch, blocks, channels, scale, "subpixel"),
                new DiscriminatorConfig(64, "batch"), new LossConfig("l1", 1.0, "vanilla", 0, 0, null),
                AdamConfig.of(lr, 0.9, 0.99), AdamConfig.of(lr, 0.9, 0.99), ScheduleConfig.cosine(steps, 1e-7 / lr),
                Long.MAX_VALUE, 0, seed);
        GanTrainer trainer = new GanTrainer(config);
        PatchSampler sampler = new PatchSampler(pairs, PatchSpec.augmented(scale, lrPatch), SamplerState.start(seed));
        double bicubic = BicubicBaseline.run(valHr, scale, GrayPolicy.DIRECT, decoder).meanPsnrY();
        System.out.printf("%s %dx%d ×%d on %d images (%s), validation %s; bicubic %.3f dB%n", arch, blocks, channels, scale,
                pairs.size(), trainHr, valHr, bicubic);
        System.out.printf("%8s %10s %10s %9s %10s%n", "step", "PSNR-Y", "SSIM-Y", "l_g_pix", "s/step");
        List<Map<String, Object>> curve = new ArrayList<>();
        long t0 = System.nanoTime();
        TrainingListener evaluate = new TrainingListener() {
            double lastPix;
            long lastTime = System.nanoTime();
            long lastStep;

            @Override
            public void onStep(GanTrainer t, long step, StepMetrics m) {
                lastPix = m.get("l_g_pix");
                if (step % evalEvery == 0 || step == steps) {
                    try {
                        DatasetScore s = SrEvaluator.scoreFolder(t.generator(), valHr, decoder);
                        double secPerStep = (System.nanoTime() - lastTime) / 1e9 / (step - lastStep);
                        System.out.printf("%8d %10.3f %10.4f %9.4f %10.3f%n", step, s.meanPsnrY(), s.meanSsimY(), lastPix, secPerStep);
                        Map<String, Object> point = new LinkedHashMap<>();
                        point.put("step", step);
                        point.put("psnr_y", s.meanPsnrY());
                        point.put("ssim_y", s.meanSsimY());
                        point.put("l_g_pix", lastPix);
                        point.put("s_per_step", secPerStep);
                        curve.add(point);
                        lastTime = System.nanoTime();
                        lastStep = step;
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        };
        new LocalTrainingLoop(trainer, sampler, batch, List.of(evaluate)).runUntil(steps);
        if (json != null) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("config", config);
            out.put("train_hr", trainHr.toString());
            out.put("val_hr", valHr.toString());
            out.put("bicubic_psnr_y", bicubic);
            out.put("curve", curve);
            out.put("wall_s", (System.nanoTime() - t0) / 1e9);
            Files.write(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(out));
        }
        return 0;
    }
}
