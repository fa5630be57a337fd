package io.srgan.core.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.srgan.core.arch.DiscriminatorConfig;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.nn.Bf16Scope;
import io.srgan.core.nn.ConvFlops;
import io.srgan.core.nn.Mode;
import io.srgan.core.train.AdamConfig;
import io.srgan.core.train.GanTrainer;
import io.srgan.core.train.LossConfig;
import io.srgan.core.train.PerceptualConfig;
import io.srgan.core.train.ScheduleConfig;
import io.srgan.core.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times the training steps and inference of one generator size in this JVM (run one size per JVM
 * so the peak RSS belongs to it) and prints one JSON line prefixed "RESULT ". The same phases and
 * synthetic data as ../shared/anchors/srgan_bench.py: G step = pixel loss + Adam; adversarial step
 * = G forward once, D step on real and detached fake (BCE), G step on pixel + 1e-3·BCE (+ the
 * perceptual term on {@code --perceptual-model}, a Keras HDF5 VGG, when given). Each phase also
 * reports its convolutions' work ({@code conv_gflop}, counted by {@link ConvFlops} over one more
 * step) and rate ({@code conv_gflops}), beside {@code sgemm_gflops}, a 2048³ sgemm on the same cores.
 */
@Command(name = "step-benchmark", mixinStandardHelpOptions = true)
public final class StepBenchmark implements Callable<Integer> {
    @Option(names = "--arch", defaultValue = "srresnet") String arch;
    @Option(names = "--blocks", defaultValue = "16") int blocks;
    @Option(names = "--channels", defaultValue = "64") int channels;
    @Option(names = "--d-channels", defaultValue = "64") int dChannels;
    @Option(names = "--d-arch", defaultValue = "vgg", description = "vgg | unet-sn | vgg128 | vgg256 (HR patch 128 | 256)") String dArch;
    @Option(names = "--batch", defaultValue = "16") int batch;
    @Option(names = "--hr-patch", defaultValue = "96") int hrPatch;
    @Option(names = "--scale", defaultValue = "4") int scale;
    @Option(names = "--pixel-loss", defaultValue = "mse") String pixelLoss;
    @Option(names = "--steps", defaultValue = "10") int steps;
    @Option(names = "--warmup", defaultValue = "2", description = "untimed training steps, at least") int warmup;
    // The JIT compiles the Java kernels over the first ~20 steps of a small generator (msrresnet 8x32's G
    // step: 100-145 ms for its first 20 steps, 80-90 ms after), which a training run of thousands of
    // steps never sees again: the warm-up lasts this long too.
    @Option(names = "--warmup-seconds", defaultValue = "5", description = "untimed training steps until this much time has passed, at least")
    double warmupSeconds;
    @Option(names = "--infer-sizes", defaultValue = "128,256", split = ",") int[] inferSizes;
    @Option(names = "--infer-steps", defaultValue = "3") int inferSteps;
    @Option(names = "--phases", defaultValue = "g,adv,infer", split = ",") List<String> phases;
    @Option(names = "--bf16", description = "also time inference with bf16 convolutions (upscale --precision bf16)") boolean bf16;
    @Option(names = "--perceptual-model", description = "Keras HDF5 feature network: adds the perceptual term to the adversarial step")
    Path perceptualModel;
    @Option(names = "--perceptual-layer", defaultValue = "block5_conv4") String perceptualLayer;
    @Option(names = "--json", description = "also write the result here") Path json;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StepBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
        out.put("arch", arch).put("blocks", blocks).put("channels", channels).put("batch", batch)
                .put("hr_patch", hrPatch).put("scale", scale).put("threads", Runtime.getRuntime().availableProcessors());
        if (perceptualModel != null) out.put("perceptual_layer", perceptualLayer);
        int lrPatch = hrPatch / scale;
        List<INDArray[]> data = new ArrayList<>();
        Nd4j.getRandom().setSeed(0);
        for (int i = 0; i < 4; i++) {
            INDArray hr = Nd4j.rand(DataType.FLOAT, batch, hrPatch, hrPatch, 3);
            INDArray lr = Nd4j.rand(DataType.FLOAT, batch, lrPatch, lrPatch, 3);
            data.add(new INDArray[] {lr, hr});
        }
        if (phases.contains("g")) out.set("g_step", timeSteps(mapper, data, Long.MAX_VALUE));
        if (phases.contains("adv")) out.set("adv_step", timeSteps(mapper, data, 0));
        if (phases.contains("degrade")) out.set("degrade_batch", timeDegradation(mapper));
        out.put("peak_rss_training_mb", peakRssMb()); // before inference, so it is the training steps' peak
        if (phases.contains("infer")) {
            GanTrainer trainer = new GanTrainer(config(0));
            for (int s : inferSizes) {
                out.set("infer_" + s, timeInference(mapper, trainer, s, false));
                if (bf16) out.set("infer_bf16_" + s, timeInference(mapper, trainer, s, true));
            }
        }
        out.put("peak_rss_mb", peakRssMb());
        out.put("sgemm_gflops", sgemmGflops());
        String line = mapper.writeValueAsString(out);
        System.out.println("RESULT " + line);
        if (json != null) Files.writeString(json, line);
        return 0;
    }

    private ObjectNode timeSteps(ObjectMapper mapper, List<INDArray[]> data, long psnrSteps) {
        long t0 = System.nanoTime();
        GanTrainer trainer = new GanTrainer(config(psnrSteps));
        INDArray[] b0 = data.get(0);
        trainer.step(b0[0], b0[1]);
        double firstMs = (System.nanoTime() - t0) / 1e6;
        System.gc();
        List<Double> times = new ArrayList<>();
        double lastLoss = 0;
        int warmed = 0;
        long warmUntil = System.nanoTime() + (long) (warmupSeconds * 1e9);
        for (int i = 0; times.size() < steps; i++) {
            INDArray[] b = data.get((i + 1) % data.size());
            long t = System.nanoTime();
            lastLoss = trainer.step(b[0], b[1]).get("l_g_total");
            double ms = (System.nanoTime() - t) / 1e6;
            if (warmed < warmup || t < warmUntil) warmed++;
            else times.add(ms);
        }
        INDArray[] b = data.get(1);
        ConvFlops.start(); // one more step, counted: the convolutions' work of a step
        trainer.step(b[0], b[1]);
        double gflop = ConvFlops.stop() / 1e9;
        return mapper.createObjectNode().put("median_ms", median(times)).put("min_ms", Collections.min(times))
                .put("first_step_ms", firstMs).put("warmup_steps", warmed).put("n", times.size()).put("final_loss", lastLoss)
                .put("patches_per_s", batch / (median(times) / 1e3))
                .put("conv_gflop", gflop).put("conv_gflops", gflop / (median(times) / 1e3))
                .put("blocked_layout", trainer.generator().trainsInBlockedLayout()); // see BlockedPlan
    }

    /**
     * The practical fp32 limit of these cores for this JVM: a 2048³ sgemm through ND4J (its BLAS),
     * median of 5 after one warm-up, in GFLOP/s. The phases' GFLOP/s are read against it.
     */
    static double sgemmGflops() {
        int n = 2048;
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long t = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            if (i > 0) times.add((System.nanoTime() - t) / 1e9);
        }
        return 2.0 * n * n * n / 1e9 / median(times);
    }

    /**
     * What a training step's sampler adds with degradation.enabled (Real-ESRGAN's defaults): one
     * batch drawn as training draws it — crops 400/256 the patch, unsharp-masked, degraded, the
     * pairs cut — from a 512² image of 8-bit random content, on one thread as on an executor.
     */
    private ObjectNode timeDegradation(ObjectMapper mapper) {
        io.srgan.core.degrade.Degradation d = new io.srgan.core.degrade.Degradation(
                io.srgan.core.degrade.DegradationSettings.realEsrgan(scale));
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        int side = 512 / scale * scale;
        float[] pixels = new float[side * side * 3];
        for (int i = 0; i < pixels.length; i++) pixels[i] = rng.nextInt(256) / 255f;
        io.srgan.core.data.ImagePair pair = io.srgan.core.data.ImagePair.fromHr("random",
                new io.srgan.core.data.FloatImage(side, side, 3, pixels), scale);
        io.srgan.core.data.PatchSampler sampler = new io.srgan.core.data.PatchSampler(List.of(pair),
                io.srgan.core.data.PatchSpec.augmented(scale, hrPatch / scale), io.srgan.core.data.SamplerState.start(0), d);
        // a batch is cheap beside a step: warm the JIT as thousands of training steps would
        int warm = Math.max(warmup, 10);
        int timed = Math.max(steps, 9);
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < warm + timed; i++) {
            long t = System.nanoTime();
            sampler.next(batch);
            double ms = (System.nanoTime() - t) / 1e6;
            if (i >= warm) times.add(ms);
        }
        return mapper.createObjectNode().put("median_ms", median(times)).put("n", times.size())
                .put("crop", d.cropSize(hrPatch)).put("usm", d.settings().usm() != null);
    }

    TrainConfig config(long psnrSteps) {
        return new TrainConfig(new GeneratorConfig(arch, blocks, channels, scale, upsampler()),
                new DiscriminatorConfig(dChannels, "batch", dArch),
                new LossConfig(pixelLoss, 1.0, "vanilla", 1e-3, 0, null, perceptualModel == null ? null
                        : new PerceptualConfig(1.0, perceptualModel, List.of(perceptualLayer), null, true, "l1", "caffe")),
                AdamConfig.of(1e-4, 0.9, 0.999), AdamConfig.of(1e-4, 0.9, 0.999), ScheduleConfig.constant(),
                psnrSteps, 0, 1);
    }

    /** rrdb upsamples as ESRGAN (nearest + conv); the others by pixel shuffle, the only one srvgg has. */
    private String upsampler() { return arch.equals("rrdb") ? "nearest" : "subpixel"; }

    /** Inference of one s×s input (the generator's random weights), fp32 or with bf16 convolutions ({@link Bf16Scope}). */
    private ObjectNode timeInference(ObjectMapper mapper, GanTrainer trainer, int s, boolean bf16) {
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, s, s, 3);
        List<Double> times = new ArrayList<>();
        double first = 0;
        ConvFlops.start();
        infer(trainer, x, bf16).close();
        double gflop = ConvFlops.stop() / 1e9;
        for (int i = 0; i < inferSteps + 1; i++) {
            long t0 = System.nanoTime();
            INDArray y = infer(trainer, x, bf16);
            double ms = (System.nanoTime() - t0) / 1e6;
            y.close();
            if (i == 0) first = ms; else times.add(ms);
            System.gc();
        }
        double median = median(times);
        x.close();
        return mapper.createObjectNode().put("median_ms", median).put("first_ms", first)
                .put("out_mpix_per_s", (double) s * scale * s * scale / 1e6 / (median / 1e3)).put("n", times.size())
                .put("conv_gflop", gflop).put("conv_gflops", gflop / (median / 1e3));
    }

    private static INDArray infer(GanTrainer trainer, INDArray x, boolean bf16) {
        if (!bf16) return trainer.generator().forward(x, Mode.INFER);
        try (Bf16Scope scope = Bf16Scope.open()) {
            return trainer.generator().forward(x, Mode.INFER);
        }
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** VmHWM of this process, in MB (Linux). */
    static double peakRssMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }
}
