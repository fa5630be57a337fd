package io.srgan.core.checkpoint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.srgan.core.arch.Generator;
import io.srgan.core.arch.Generators;
import io.srgan.core.nn.Init;
import io.srgan.core.train.TrainState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The checkpoint format, version 1: two files, {@value #META} (JSON, {@link CheckpointMeta}) and
 * {@value #STATE} (NumPy npz with every tensor of {@link TrainState}, names as documented there).
 * Streams in, streams out: where the bytes live (local, HDFS, S3) and how a checkpoint is committed
 * atomically is the storage layer's business.
 */
public final class Checkpoints {
    public static final String META = "meta.json";
    public static final String STATE = "state.npz";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Checkpoints() {}

    public static ObjectMapper json() { return JSON; }

    public static void writeMeta(CheckpointMeta meta, OutputStream out) throws IOException {
        out.write(JSON.writeValueAsBytes(meta));
    }

    /** Opens one of a checkpoint's files by name ({@value #META}, {@value #STATE}), wherever the checkpoint lies. */
    @FunctionalInterface
    public interface FileOpener {
        InputStream open(String name) throws IOException;
    }

    /** A checkpoint read whole: its metadata, and its state with the metadata's counters. */
    public record Contents(CheckpointMeta meta, TrainState state) {
        /** This checkpoint's generator: see {@link Checkpoints#generator(CheckpointMeta, Map, boolean, String)}. */
        public Generator generator(boolean preferEma, String source) throws CheckpointCorruptException {
            return Checkpoints.generator(meta, state.tensors(), preferEma, source);
        }
    }

    /**
     * Reads a checkpoint's {@value #META}, then its {@value #STATE}, each opened by {@code files};
     * {@code source} names the checkpoint in messages.
     */
    public static Contents read(FileOpener files, String source) throws IOException {
        CheckpointMeta meta = readMeta(files, source);
        try (InputStream in = files.open(STATE)) {
            return new Contents(meta, readState(in, meta.counters(), source + "/" + STATE));
        }
    }

    /** Reads a checkpoint's {@value #META} alone, opened by {@code files}. */
    public static CheckpointMeta readMeta(FileOpener files, String source) throws IOException {
        try (InputStream in = files.open(META)) {
            return readMeta(in, source + "/" + META);
        }
    }

    public static CheckpointMeta readMeta(InputStream in, String source) throws IOException {
        CheckpointMeta meta;
        try {
            meta = JSON.readValue(in, CheckpointMeta.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new CheckpointCorruptException(source + ": cannot parse " + META + " (" + e.getOriginalMessage() + ")", e);
        }
        if (meta.formatVersion() < 1 || meta.formatVersion() > CheckpointMeta.CURRENT_VERSION) {
            throw new CheckpointCorruptException(source + ": checkpoint format version " + meta.formatVersion()
                    + " is not supported (this build reads 1.." + CheckpointMeta.CURRENT_VERSION + ")");
        }
        if (meta.config() == null) throw new CheckpointCorruptException(source + ": " + META + " has no config");
        return meta;
    }

    public static void writeState(TrainState state, OutputStream out) throws IOException {
        NpzCodec.write(state.tensors(), out);
    }

    public static TrainState readState(InputStream in, Map<String, Long> counters, String source) throws IOException {
        return new TrainState(NpzCodec.read(in, source), counters);
    }

    /** Writes a checkpoint into a local folder (the CLI's and tests' case). */
    public static void writeTo(Path dir, CheckpointMeta meta, TrainState state) throws IOException {
        Files.createDirectories(dir);
        try (OutputStream out = Files.newOutputStream(dir.resolve(META))) {
            writeMeta(meta, out);
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve(STATE))) {
            writeState(state, out);
        }
    }

    /**
     * Builds the generator of a checkpoint and loads its weights: the EMA weights when the
     * checkpoint has them and {@code preferEma}, else the raw ones.
     */
    public static Generator generator(CheckpointMeta meta, Map<String, INDArray> tensors, boolean preferEma, String source)
            throws CheckpointCorruptException {
        return generator(meta.config().generator(), tensors, preferEma, source);
    }

    /**
     * The one way a generator is built from state tensors ({@code g/…}, {@code ema/…}): {@code config}'s
     * network with the EMA weights when {@code preferEma} and the tensors have them, else the raw ones.
     */
    public static Generator generator(io.srgan.core.arch.GeneratorConfig config, Map<String, INDArray> tensors, boolean preferEma,
                                      String source) throws CheckpointCorruptException {
        Generator g = Generators.build(config, new Init(0, DataType.FLOAT));
        TrainState state = new TrainState(tensors, Map.of());
        boolean ema = preferEma && state.hasEma();
        try {
            state.restoreGenerator(g.params(), ema);
        } catch (IllegalArgumentException e) {
            throw new CheckpointCorruptException(source + ": " + e.getMessage(), e);
        }
        return g;
    }

    /** Loads the generator of a local checkpoint folder. */
    public static Generator loadGenerator(Path dir, boolean preferEma) throws IOException {
        return read(name -> Files.newInputStream(dir.resolve(name)), dir.toString()).generator(preferEma, dir.toString());
    }
}
