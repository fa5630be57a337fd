package io.srgan.spark.upscale;

import io.srgan.core.arch.Generator;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.arch.Generators;
import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.core.checkpoint.Checkpoints;
import io.srgan.core.checkpoint.NpzCodec;
import io.srgan.core.nn.Init;
import io.srgan.core.nn.Param;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One generator's architecture and weights as plain bytes (an npz of its parameters by name), the
 * value the job broadcasts: INDArrays hold native memory and do not serialize, bytes do.
 *
 * @param id     identifies these exact weights (source, EMA or raw, CRC32C of the bytes), so that an
 *               executor rebuilds its generator only for different weights
 * @param source where the checkpoint was read, for messages
 * @param ema    whether these are the checkpoint's EMA weights
 * @param receptiveFieldRadius the generator's, in LR pixels: the tile overlap of exact tiling
 */
public record ModelWeights(String id, String source, String arch, int blocks, int channels, int scale, String upsampler,
                           boolean ema, int receptiveFieldRadius, byte[] npz) implements Serializable {

    /**
     * Picks the generator weights of a checkpoint by {@code choice}, and checks them by building the
     * generator once (a missing or misshapen tensor fails here, on the driver, naming the checkpoint).
     */
    public static ModelWeights of(CheckpointMeta meta, Map<String, INDArray> tensors, WeightChoice choice, String source)
            throws IOException {
        boolean hasEma = tensors.keySet().stream().anyMatch(n -> n.startsWith("ema/"));
        if (choice == WeightChoice.EMA && !hasEma) {
            throw new IllegalArgumentException(source + " has no EMA weights (trained with ema decay 0): drop --ema, or use --raw");
        }
        boolean ema = hasEma && choice != WeightChoice.RAW;
        Generator g = Checkpoints.generator(meta, tensors, ema, source);
        Map<String, INDArray> params = new LinkedHashMap<>();
        g.params().forEach((name, p) -> params.put(name, p.value()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NpzCodec.write(params, bytes);
        byte[] npz = bytes.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(npz);
        GeneratorConfig c = g.config();
        String id = source + (ema ? "#ema#" : "#raw#") + Long.toHexString(crc.getValue());
        return new ModelWeights(id, source, c.arch(), c.blocks(), c.channels(), c.scale(), c.upsampler(), ema,
                g.receptiveFieldRadius(), npz);
    }

    public GeneratorConfig config() {
        return new GeneratorConfig(arch, blocks, channels, scale, upsampler);
    }

    /** A new generator with these weights. */
    public Generator build() {
        Generator g = Generators.build(config(), new Init(0, DataType.FLOAT));
        Map<String, INDArray> tensors;
        try {
            tensors = NpzCodec.read(new ByteArrayInputStream(npz), id);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // bytes written by of(): cannot be malformed
        }
        for (Map.Entry<String, Param> p : g.params().entrySet()) {
            INDArray value = tensors.get(p.getKey());
            if (value == null) throw new IllegalStateException(id + ": no tensor for parameter " + p.getKey());
            p.getValue().value().assign(value);
        }
        return g;
    }

    /** "msrresnet 16x64 ×4 (EMA) from <source>". */
    public String describe() {
        return arch + " " + blocks + "x" + channels + " ×" + scale + (ema ? " (EMA weights)" : " (raw weights)") + " from " + source;
    }
}
