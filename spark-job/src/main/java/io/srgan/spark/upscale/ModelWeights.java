package io.srgan.spark.upscale;

import io.srgan.core.arch.Generator;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.arch.Generators;
import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.core.checkpoint.Checkpoints;
import io.srgan.core.checkpoint.NpzCodec;
import io.srgan.core.inference.Precision;
import io.srgan.core.inference.ort.Int8Model;
import io.srgan.core.nn.Init;
import io.srgan.core.nn.Param;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One generator's architecture and weights as plain bytes (an npz of its parameters by name), the
 * value the job broadcasts: INDArrays hold native memory and do not serialize, bytes do.
 *
 * @param id     identifies these exact weights (source, EMA or raw, digest), so that an executor
 *               rebuilds its generator only for different weights
 * @param digest SHA-256 (hex) of the parameters, name by name in order (name, then its .npy bytes):
 *               the same weights give the same digest wherever the checkpoint lies
 * @param source where the checkpoint was read, for messages
 * @param ema    whether these are the checkpoint's EMA weights
 * @param receptiveFieldRadius the generator's, in LR pixels: the tile overlap of exact tiling
 * @param int8   the generator quantised for int8 inference ({@code --precision int8}), or null
 * @param bf16   whether the generator runs with bf16 convolutions ({@code --precision bf16}); neither: fp32
 */
public record ModelWeights(String id, String digest, String source, String arch, int blocks, int channels, int scale, String upsampler,
                           int growth, boolean ema, int receptiveFieldRadius, byte[] npz, Int8Model int8, boolean bf16) implements Serializable {

    /**
     * Picks the generator weights of a checkpoint by {@code choice}, and checks them by building the
     * generator once (a missing or misshapen tensor fails here, on the driver, naming the checkpoint).
     */
    public static ModelWeights of(CheckpointMeta meta, Map<String, INDArray> tensors, WeightChoice choice, String source)
            throws IOException {
        boolean hasEma = tensors.keySet().stream().anyMatch(n -> n.startsWith(io.srgan.core.train.TrainState.EMA));
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
        String digest = digest(params);
        GeneratorConfig c = g.config();
        String id = source + (ema ? "#ema#" : "#raw#") + digest;
        return new ModelWeights(id, digest, source, c.arch(), c.blocks(), c.channels(), c.scale(), c.upsampler(), c.growth(), ema,
                g.receptiveFieldRadius(), npz, null, false);
    }

    /** These weights to be run as {@code model} (int8 through ONNX Runtime); executors build it instead of the generator. */
    public ModelWeights withInt8(Int8Model model) {
        String int8Id = id + "#int8#" + sha256(model.onnx());
        return new ModelWeights(int8Id, digest, source, arch, blocks, channels, scale, upsampler, growth, ema, receptiveFieldRadius, npz,
                model, false);
    }

    /** These weights to be run with bf16 convolutions (where the executor's CPU has them; else fp32, with a warning). */
    public ModelWeights withBf16() {
        return new ModelWeights(id + "#bf16", digest, source, arch, blocks, channels, scale, upsampler, growth, ema, receptiveFieldRadius,
                npz, null, true);
    }

    public Precision precision() {
        return int8 != null ? Precision.INT8 : bf16 ? Precision.BF16 : Precision.FP32;
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Not of the npz bytes: the archive's entries carry the time they were written. */
    private static String digest(Map<String, INDArray> params) {
        MessageDigest sha = newSha256();
        for (Map.Entry<String, INDArray> p : new TreeMap<>(params).entrySet()) {
            sha.update(p.getKey().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Nd4j.toNpyByteArray(p.getValue().dup('c')));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    public GeneratorConfig config() {
        return new GeneratorConfig(arch, blocks, channels, scale, upsampler, growth);
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

    /** "msrresnet 16x64 ×4 (EMA weights) from <source>", then ", int8 (…)" or ", bf16 convolutions". */
    public String describe() {
        return config().size() + " ×" + scale + (ema ? " (EMA weights)" : " (raw weights)") + " from " + source
                + (int8 != null ? ", " + int8.describe() : bf16 ? ", bf16 convolutions" : "");
    }
}
