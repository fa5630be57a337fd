package io.srgan.spark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.srgan.core.arch.DiscriminatorConfig;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.arch.Generators;
import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.core.checkpoint.Checkpoints;
import io.srgan.core.data.ColourMode;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageEncoder;
import io.srgan.core.inference.Precision;
import io.srgan.core.inference.TilingConfig;
import io.srgan.core.nn.Init;
import io.srgan.core.train.AdamConfig;
import io.srgan.core.train.LossConfig;
import io.srgan.core.train.ScheduleConfig;
import io.srgan.core.train.TrainConfig;
import io.srgan.core.train.TrainState;
import io.srgan.spark.cluster.SparkSessions;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.upscale.JobSummary;
import io.srgan.spark.upscale.ModelWeights;
import io.srgan.spark.upscale.OutputFormat;
import io.srgan.spark.upscale.UpscaleJob;
import io.srgan.spark.upscale.UpscaleRequest;
import io.srgan.spark.upscale.WeightChoice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Throughput of the upscale job (a main class; {@code spark-job/bench/upscale_benchmark.py} runs it
 * beside the PyTorch anchor): a generator with random weights (speed does not depend on them), N
 * square RGB PNGs, one untimed warm-up job on one image (JIT, native libraries, oneDNN kernels),
 * then the timed job. Prints {@code RESULT <json>} with output MP/s, per core and per task-second.
 *
 * <p>Options: {@code --images 8 --size 256 --arch msrresnet --blocks 16 --channels 64 --scale 4
 * --tile 192 [--overlap N] [--batch 4] [--precision fp32|int8] [--dir folder]} (int8: the timed job's wall clock includes
 * the driver's calibration). The master comes from {@code -Dspark.master} (default
 * {@code local[*]}).
 */
public final class UpscaleBenchmark {
    private UpscaleBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        int images = Integer.parseInt(opt.getOrDefault("images", "8"));
        int size = Integer.parseInt(opt.getOrDefault("size", "256"));
        int tile = Integer.parseInt(opt.getOrDefault("tile", "192"));
        Integer overlap = opt.containsKey("overlap") ? Integer.valueOf(opt.get("overlap")) : null;
        int batch = Integer.parseInt(opt.getOrDefault("batch", Integer.toString(TilingConfig.DEFAULT_BATCH_SIZE)));
        GeneratorConfig g = new GeneratorConfig(opt.getOrDefault("arch", "msrresnet"), Integer.parseInt(opt.getOrDefault("blocks", "16")),
                Integer.parseInt(opt.getOrDefault("channels", "64")), Integer.parseInt(opt.getOrDefault("scale", "4")), "subpixel");
        Precision precision = Precision.parse(opt.getOrDefault("precision", "fp32"));
        Path dir = opt.containsKey("dir") ? Files.createDirectories(Path.of(opt.get("dir"))) : Files.createTempDirectory("upscale-bench");

        ModelWeights weights = randomWeights(g, dir.resolve("model"));
        writeImages(dir.resolve("warm-up"), 1, Math.min(size, 64));
        writeImages(dir.resolve("in"), images, size);
        JavaSparkContext spark = SparkSessions.getOrCreate("srgan upscale benchmark");
        spark.setLogLevel("WARN");
        UpscaleJob job = new UpscaleJob(spark);
        job.run(request(dir.resolve("warm-up"), dir.resolve("warm-up-out"), tile, overlap, batch).withPrecision(precision), weights);
        JobSummary s = job.run(request(dir.resolve("in"), dir.resolve("out"), tile, overlap, batch).withPrecision(precision), weights);
        if (s.succeeded() != images) throw new IllegalStateException("benchmark job upscaled " + s.succeeded() + " of " + images);

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("arch", g.arch());
        r.put("blocks", g.blocks());
        r.put("channels", g.channels());
        r.put("scale", g.scale());
        r.put("images", images);
        r.put("lr_size", size);
        r.put("tile", tile);
        r.put("overlap", overlap != null ? overlap : weights.receptiveFieldRadius());
        r.put("batch", batch);
        r.put("precision", precision.label());
        r.put("master", spark.master());
        r.put("cores", s.cores());
        r.put("seconds", s.seconds());
        r.put("output_megapixels", s.outputPixels() / 1e6);
        r.put("images_per_second", s.imagesPerSecond());
        r.put("output_mp_per_second", s.outputMegapixelsPerSecond());
        r.put("output_mp_per_second_per_core", s.outputMegapixelsPerSecondPerCore());
        r.put("output_mp_per_task_second", s.outputMegapixelsPerTaskSecond());
        r.put("peak_rss_mb", peakRssMb());
        System.out.println("RESULT " + new ObjectMapper().writeValueAsString(r));
        spark.stop();
    }

    /** VmHWM of this JVM (driver and, in local mode, every task): heap plus ND4J's native arrays. */
    private static long peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
        return -1;
    }

    private static UpscaleRequest request(Path in, Path out, int tile, Integer overlap, int batch) {
        return new UpscaleRequest(in.toUri(), out.toUri(), tile, overlap, batch, OutputFormat.PNG, 0.95f, 100_000_000L, 256_000_000L, null,
                HadoopSettings.empty());
    }

    private static ModelWeights randomWeights(GeneratorConfig g, Path dir) throws IOException {
        Map<String, INDArray> tensors = new TreeMap<>();
        Generators.build(g, new Init(1, DataType.FLOAT)).params().forEach((n, p) -> tensors.put(io.srgan.core.train.TrainState.G + n, p.value()));
        TrainConfig config = new TrainConfig(g, DiscriminatorConfig.paper(), LossConfig.srgan(), AdamConfig.of(1e-4, 0.9, 0.99),
                AdamConfig.of(1e-4, 0.9, 0.99), ScheduleConfig.constant(), 0, 0, 1);
        CheckpointMeta meta = new CheckpointMeta(CheckpointMeta.CURRENT_VERSION, config, Map.of(TrainState.STEP, 0L), Map.of(), Map.of());
        Checkpoints.writeTo(dir, meta, new TrainState(tensors, meta.counters()));
        return ModelWeights.of(meta, tensors, WeightChoice.RAW, dir.toString());
    }

    /** Smooth colour gradients with noise: compresses like a photo, not like a flat colour. */
    private static void writeImages(Path dir, int count, int size) throws IOException {
        Files.createDirectories(dir);
        Random rng = new Random(7);
        for (int i = 0; i < count; i++) {
            float[] d = new float[size * size * 3];
            for (int p = 0; p < size * size; p++) {
                int x = p % size;
                int y = p / size;
                for (int c = 0; c < 3; c++) {
                    d[3 * p + c] = (float) Math.min(1, Math.max(0, 0.5 + 0.4 * Math.sin((x + 7 * c + i) / 9.0) * Math.cos(y / 13.0)
                            + 0.05 * rng.nextGaussian()));
                }
            }
            Files.write(dir.resolve(String.format("img-%03d.png", i)), ImageEncoder.png(new FloatImage(size, size, 3, d), null, ColourMode.RGB, 8));
        }
    }
}
