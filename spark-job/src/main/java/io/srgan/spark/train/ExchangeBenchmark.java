package io.srgan.spark.train;

import io.srgan.spark.config.OptimizerPolicy;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImagePair;
import io.srgan.core.train.GanTrainer;
import io.srgan.core.train.TrainState;
import io.srgan.spark.cluster.SparkSessions;
import io.srgan.spark.config.JobConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The cost of a round's exchange alone, on whatever cluster {@code -Dspark.master} names (a main
 * class; {@code spark-job/bench/exchange_benchmark.py} runs it on standalone clusters of 1 to 16
 * executors): the real {@link RoundRunner} (per-group broadcasts, the sharded average, the driver's
 * assembly, Spark's byte counts) with {@link SyntheticRoundTask} in place of training, over a real
 * model's state or a synthetic one of a model's shapes. Every round writes its metrics line to
 * {@code --out} (JSON lines, as metrics.jsonl).
 *
 * <p>Options: {@code --state msrresnet:BxC:W | rrdb:BxC:W} (generator blocks x channels, D width; rrdb
 * = ESRGAN's RRDBNet with growth 32 and Real-ESRGAN's U-Net discriminator, synthetic tensors of their
 * shapes), {@code --partitions P --rounds R --phase gan|psnr --steps K --batch 16 --compute-ms 0
 * --reducers 0 --slice-mb 4 --out rounds.jsonl}.
 */
public final class ExchangeBenchmark {
    private ExchangeBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        int partitions = Integer.parseInt(opt.getOrDefault("partitions", "2"));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "4"));
        boolean gan = opt.getOrDefault("phase", "gan").equals("gan");
        int steps = Integer.parseInt(opt.getOrDefault("steps", "16"));
        int batch = Integer.parseInt(opt.getOrDefault("batch", "16"));
        long computeMillis = Long.parseLong(opt.getOrDefault("compute-ms", "0"));
        int reducers = Integer.parseInt(opt.getOrDefault("reducers", "0"));
        int sliceFloats = Integer.parseInt(opt.getOrDefault("slice-mb", "4")) * (1 << 20) / Float.BYTES;
        Path out = Path.of(opt.getOrDefault("out", "rounds.jsonl"));

        StateArrays state = state(opt.getOrDefault("state", "msrresnet:16x64:64"));
        System.out.printf("state: %d tensors, %.1f M floats (%.0f MB)%n", state.size(), state.floats() / 1e6, state.floats() * 4 / 1e6);
        JavaSparkContext sc = SparkSessions.getOrCreate("srgan exchange benchmark");
        FloatImage pixel = new FloatImage(1, 1, 3, new float[3]);
        TrainingShards shards = TrainingShards.of(sc.parallelize(IntStream.range(0, partitions).boxed().toList(), partitions)
                .map(i -> ShardItem.of(new ImagePair("synthetic-" + i, pixel, pixel))), 0);
        shards.rdd().count();
        TaskSettings run = new TaskSettings(UUID.randomUUID().toString(), "{}", 0, OptimizerPolicy.AVERAGE, null, 1, 1.0);
        ObjectMapper json = new ObjectMapper();
        try (RoundRunner runner = new RoundRunner(sc, run, reducers, sliceFloats,
                (parts, plan, reports) -> new SyntheticRoundTask(parts, plan, reports, computeMillis, batch));
             PrintWriter lines = new PrintWriter(Files.newBufferedWriter(out))) {
            long step = 0;
            for (int r = 1; r <= rounds; r++) {
                RoundRunner.Round round = new RoundRunner.Round(r, steps, gan, true, r > 1, 1.0,
                        "exchange benchmark round " + r + " on " + partitions + " partitions");
                RoundRunner.Outcome o = runner.run(shards, state, round);
                state = o.state();
                step += steps;
                Map<String, Object> line = RoundLines.of(r, step, gan ? "gan" : "psnr", partitions, o);
                lines.println(json.writeValueAsString(line));
                lines.flush();
                System.out.printf("round %d: %.2f s (broadcast %.2f, averaging %.2f), up %.1f MB, to driver %.1f MB, driver heap peak %.0f MB%n",
                        r, o.roundSeconds(), o.broadcastSeconds(), o.averagingSeconds(), o.traffic().shuffleWriteBytes() / 1e6,
                        o.traffic().resultBytes() / 1e6, o.driverHeapPeakBytes() / 1048576.0);
            }
        } finally {
            shards.close();
            sc.stop();
        }
    }

    /** {@code msrresnet:BxC:W}: a real trainer's state; {@code rrdb:BxC:W}: RRDBNet + U-Net D shapes, random values. */
    static StateArrays state(String spec) {
        String[] p = spec.split(":");
        String[] bc = p[1].split("x");
        int blocks = Integer.parseInt(bc[0]);
        int channels = Integer.parseInt(bc[1]);
        int width = Integer.parseInt(p[2]);
        if (p[0].equals("msrresnet")) {
            StateArrays s = StateArrays.export(new GanTrainer(JobConfigLoader.load(null, List.of("train.hr=x", "generator.arch=msrresnet",
                    "generator.blocks=" + blocks, "generator.channels=" + channels, "discriminator.width=" + width)).train()));
            return withTrainedMoments(s);
        }
        if (!p[0].equals("rrdb")) throw new IllegalArgumentException("--state must be msrresnet:BxC:W or rrdb:BxC:W, got " + spec);
        Map<String, long[]> g = new TreeMap<>();
        conv(g, "conv_first", 3, channels, 3);
        int growth = 32;
        for (int b = 0; b < blocks; b++) {
            for (int d = 1; d <= 3; d++) {
                for (int c = 1; c <= 5; c++) {
                    conv(g, "body." + b + ".rdb" + d + ".conv" + c, channels + (c - 1) * growth, c == 5 ? channels : growth, 3);
                }
            }
        }
        for (String n : List.of("conv_body", "conv_up1", "conv_up2", "conv_hr")) conv(g, n, channels, channels, 3);
        conv(g, "conv_last", channels, 3, 3);
        Map<String, long[]> d = new TreeMap<>(); // Real-ESRGAN UNetDiscriminatorSN, num_feat = width
        int[][] convs = {{3, width, 3}, {width, 2 * width, 4}, {2 * width, 4 * width, 4}, {4 * width, 8 * width, 4},
                {8 * width, 4 * width, 3}, {4 * width, 2 * width, 3}, {2 * width, width, 3}, {width, width, 3}, {width, width, 3}, {width, 1, 3}};
        for (int i = 0; i < convs.length; i++) {
            conv(d, "conv" + i, convs[i][0], convs[i][1], convs[i][2]);
            if (i > 0 && i < 9) d.put("conv" + i + ".sn_u", new long[] {convs[i][1]}); // spectral norm's power-iteration vector
        }
        Map<String, long[]> shapes = new TreeMap<>();
        g.forEach((n, s) -> {
            shapes.put(TrainState.G + n, s);
            shapes.put(TrainState.EMA + n, s);
            if (!n.endsWith("sn_u")) {
                shapes.put(TrainState.ADAM_G + TrainState.FIRST_MOMENT + n, s);
                shapes.put(TrainState.ADAM_G + TrainState.SECOND_MOMENT + n, s);
            }
        });
        d.forEach((n, s) -> {
            shapes.put(TrainState.D + n, s);
            if (!n.endsWith("sn_u")) {
                shapes.put(TrainState.ADAM_D + TrainState.FIRST_MOMENT + n, s);
                shapes.put(TrainState.ADAM_D + TrainState.SECOND_MOMENT + n, s);
            }
        });
        Random random = new Random(0);
        List<String> names = new ArrayList<>(shapes.keySet());
        long[][] sh = new long[names.size()][];
        float[][] values = new float[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            sh[i] = shapes.get(names.get(i));
            long n = 1;
            for (long x : sh[i]) n *= x;
            values[i] = new float[(int) n];
            for (int j = 0; j < values[i].length; j++) values[i][j] = (float) (random.nextGaussian() * 0.05);
        }
        return new StateArrays(names.toArray(String[]::new), sh, values,
                Map.of(TrainState.STEP, 0L, TrainState.ADAM_G_ITERATION, 0L, TrainState.ADAM_D_ITERATION, 0L));
    }

    /**
     * The state with random Adam moments, as in the middle of a run: a new trainer's moments are zeros,
     * which the shuffle's compression would shrink to nothing and flatter the byte counts.
     */
    private static StateArrays withTrainedMoments(StateArrays s) {
        Random random = new Random(1);
        String[] names = s.names().toArray(String[]::new);
        long[][] shapes = new long[names.length][];
        float[][] values = new float[names.length][];
        for (int i = 0; i < names.length; i++) {
            shapes[i] = s.shape(i);
            values[i] = s.values(i);
            if (TensorGroup.isOptimizerTensor(names[i])) {
                values[i] = new float[values[i].length];
                for (int j = 0; j < values[i].length; j++) values[i][j] = (float) Math.abs(random.nextGaussian() * 1e-3);
            }
        }
        return new StateArrays(names, shapes, values, s.counters());
    }

    private static void conv(Map<String, long[]> into, String name, int in, int out, int k) {
        into.put(name + ".weight", new long[] {k, k, in, out});
        into.put(name + ".bias", new long[] {out});
    }
}
