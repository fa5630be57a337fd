package io.srgan.spark.upscale;

import io.srgan.core.arch.DiscriminatorConfig;
import io.srgan.core.arch.Generator;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.arch.Generators;
import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.core.checkpoint.Checkpoints;
import io.srgan.core.nn.Init;
import io.srgan.core.train.AdamConfig;
import io.srgan.core.train.LossConfig;
import io.srgan.core.train.ScheduleConfig;
import io.srgan.core.train.TrainConfig;
import io.srgan.core.train.TrainState;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A small real generator (seeded weights) saved as a format-v1 checkpoint, so job tests stay fast. */
public final class TinyModel {
    /** MSRResNet, 1 block, 4 channels, ×2. */
    public static final GeneratorConfig CONFIG = GeneratorConfig.msrresnet(1, 4, 2);
    public static final long RAW_SEED = 11;
    public static final long EMA_SEED = 12;

    private TinyModel() {}

    public static Generator generator(GeneratorConfig config, long seed) {
        return Generators.build(config, new Init(seed, DataType.FLOAT));
    }

    /** A checkpoint folder with raw weights from {@link #RAW_SEED} and, if {@code withEma}, EMA weights from {@link #EMA_SEED}. */
    public static void write(FileSystem fs, Path dir, GeneratorConfig config, boolean withEma) throws IOException {
        Map<String, INDArray> tensors = new TreeMap<>();
        generator(config, RAW_SEED).params().forEach((n, p) -> tensors.put("g/" + n, p.value()));
        if (withEma) generator(config, EMA_SEED).params().forEach((n, p) -> tensors.put("ema/" + n, p.value()));
        TrainConfig train = new TrainConfig(config, new DiscriminatorConfig(2, "batch"), LossConfig.srgan(),
                AdamConfig.of(1e-4, 0.9, 0.99), AdamConfig.of(1e-4, 0.9, 0.99), ScheduleConfig.constant(), 1,
                withEma ? 0.9 : 0, RAW_SEED);
        Map<String, Long> counters = Map.of(TrainState.STEP, 5L);
        CheckpointMeta meta = new CheckpointMeta(CheckpointMeta.CURRENT_VERSION, train, counters, Map.of(), Map.of());
        try (OutputStream out = fs.create(new Path(dir, Checkpoints.META))) {
            Checkpoints.writeMeta(meta, out);
        }
        try (OutputStream out = fs.create(new Path(dir, Checkpoints.STATE))) {
            Checkpoints.writeState(new TrainState(tensors, counters), out);
        }
    }
}
