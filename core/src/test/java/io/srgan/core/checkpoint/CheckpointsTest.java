package io.srgan.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.DiscriminatorConfig;
import io.srgan.core.arch.Generator;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.nn.Mode;
import io.srgan.core.train.AdamConfig;
import io.srgan.core.train.GanTrainer;
import io.srgan.core.train.LossConfig;
import io.srgan.core.train.ScheduleConfig;
import io.srgan.core.train.TrainConfig;
import io.srgan.core.train.TrainState;
import io.srgan.core.util.SeededArrays;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CheckpointsTest {
    /** The configuration of the tiny format-v1 checkpoint kept in test resources. */
    static TrainConfig tinyConfig() {
        return new TrainConfig(new GeneratorConfig("msrresnet", 1, 4, 2, "subpixel"), new DiscriminatorConfig(2, "batch"),
                LossConfig.srgan(), AdamConfig.of(1e-4, 0.9, 0.99), AdamConfig.of(1e-4, 0.9, 0.99), ScheduleConfig.constant(), 1, 0.9, 3);
    }

    static GanTrainer trainedTiny() {
        GanTrainer t = new GanTrainer(tinyConfig());
        INDArray hr = SeededArrays.uniform(1, DataType.FLOAT, 2, 8, 8, 3);
        INDArray lr = io.srgan.core.nn.NativeOps.resizeBilinear(hr, 4, 4);
        t.step(lr, hr);
        t.step(lr, hr);
        return t;
    }

    @Test
    void stateRoundTripsExactly() throws IOException {
        TrainState state = TrainState.export(trainedTiny());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Checkpoints.writeState(state, buf);
        TrainState back = Checkpoints.readState(new ByteArrayInputStream(buf.toByteArray()), state.counters(), "mem");
        assertEquals(state.tensors().keySet(), back.tensors().keySet());
        state.tensors().forEach((k, v) -> assertEquals(v, back.tensors().get(k), k));
    }

    @Test
    void aStateWithNaNOrInfinityIsNeitherWrittenNorRead() throws IOException {
        Map<String, INDArray> tensors = new java.util.TreeMap<>(TrainState.export(trainedTiny()).tensors());
        INDArray bad = tensors.get("g/tail.conv2.weight").dup();
        bad.putScalar(3, Float.NaN);
        tensors.put("g/tail.conv2.weight", bad);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> NpzCodec.write(tensors, new ByteArrayOutputStream()));
        assertTrue(refused.getMessage().contains("g/tail.conv2.weight"), refused.getMessage());

        for (float value : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            bad.putScalar(3, value);
            ByteArrayOutputStream buf = new ByteArrayOutputStream(); // as a diverged run of an older version wrote it
            try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(buf)) {
                for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
                    zip.putNextEntry(new java.util.zip.ZipEntry(e.getKey() + ".npy"));
                    zip.write(Nd4j.toNpyByteArray(e.getValue().dup('c')));
                    zip.closeEntry();
                }
            }
            CheckpointCorruptException e = assertThrows(CheckpointCorruptException.class,
                    () -> NpzCodec.read(new ByteArrayInputStream(buf.toByteArray()), "ckpt-9/state.npz"));
            assertTrue(e.getMessage().contains("ckpt-9/state.npz") && e.getMessage().contains("g/tail.conv2.weight")
                    && e.getMessage().contains("NaN or infinite"), e.getMessage());
        }
    }

    @Test
    void metaRoundTripsTheConfig() throws IOException {
        CheckpointMeta meta = new CheckpointMeta(1, tinyConfig(), Map.of("step", 2L), Map.of("val_psnr", 27.5), Map.of("seed", "3"));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Checkpoints.writeMeta(meta, buf);
        CheckpointMeta back = Checkpoints.readMeta(new ByteArrayInputStream(buf.toByteArray()), "mem");
        assertEquals(meta.config().generator(), back.config().generator());
        assertEquals(meta.config().discriminator(), back.config().discriminator());
        assertEquals(meta.counters(), back.counters());
        assertEquals(meta.metrics(), back.metrics());

        // a fixed-size discriminator is recorded by its arch name alone: no derived values in meta.json
        TrainConfig c = tinyConfig();
        TrainConfig vgg128 = c.withNetworks(c.generator(), io.srgan.core.arch.DiscriminatorConfig.vggStyle(2, 128));
        ByteArrayOutputStream buf128 = new ByteArrayOutputStream();
        Checkpoints.writeMeta(new CheckpointMeta(1, vgg128, Map.of("step", 2L), Map.of(), Map.of()), buf128);
        String json = buf128.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(json.contains("\"vgg128\"") && !json.contains("inputSize") && !json.contains("\"featureBlocks\":10"), json);
        assertEquals(vgg128.discriminator(),
                Checkpoints.readMeta(new ByteArrayInputStream(buf128.toByteArray()), "mem").config().discriminator());
    }

    @Test
    void numpyOpensTheState(@TempDir Path dir) throws Exception {
        GanTrainer t = trainedTiny();
        TrainState state = TrainState.export(t);
        Checkpoints.writeTo(dir, new CheckpointMeta(1, tinyConfig(), state.counters(), Map.of(), Map.of()), state);
        String script = "import numpy as np; z = np.load('" + dir.resolve("state.npz") + "');"
                + "a = z['g/head.weight']; print(a.dtype, a.shape, repr(float(a.ravel()[5])))";
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), "python3 with numpy is needed (apt-get install python3-numpy): " + out);
        INDArray w = state.tensors().get("g/head.weight");
        assertEquals("float32 (3, 3, 3, 4) " + (double) w.getFloat(5), out);
    }

    @Test
    void keptVersion1CheckpointStillLoadsAndUpscales() throws IOException {
        Path dir = Path.of("src/test/resources/checkpoints/v1-tiny");
        Generator g = Checkpoints.loadGenerator(dir, true);
        INDArray lr = Nd4j.linspace(DataType.FLOAT, 0, 1.0 / 48, 48).reshape(1, 4, 4, 3);
        INDArray sr = g.upscale(lr);
        assertEquals(List.of(1L, 8L, 8L, 3L), Arrays.stream(sr.shape()).boxed().toList());
        INDArray expected = Nd4j.createNpyFromByteArray(Files.readAllBytes(dir.resolve("expected-sr.npy")));
        assertTrue(sr.equalsWithEps(expected, 1e-6), "v1 checkpoint no longer reproduces its recorded output");
        // written before generator.growth and discriminator.arch existed: it reads as the same networks
        try (var in = Files.newInputStream(dir.resolve(Checkpoints.META))) {
            CheckpointMeta meta = Checkpoints.readMeta(in, "v1-tiny");
            assertEquals(tinyConfig().generator(), meta.config().generator());
            assertEquals(tinyConfig().discriminator(), meta.config().discriminator());
            assertEquals("vgg", meta.config().discriminator().arch());
        }
    }

    @Test
    void corruptFilesNameTheFileAndReason(@TempDir Path dir) throws IOException {
        byte[] good;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Checkpoints.writeState(TrainState.export(trainedTiny()), buf);
        good = buf.toByteArray();
        byte[] truncated = Arrays.copyOf(good, good.length / 3);
        CheckpointCorruptException e = assertThrows(CheckpointCorruptException.class,
                () -> NpzCodec.read(new ByteArrayInputStream(truncated), "ckpt-7/state.npz"));
        assertTrue(e.getMessage().startsWith("ckpt-7/state.npz: "), e.getMessage());
        CheckpointCorruptException m = assertThrows(CheckpointCorruptException.class,
                () -> Checkpoints.readMeta(new ByteArrayInputStream("{\"formatVersion\": 9}".getBytes()), "ckpt-7/meta.json"));
        assertTrue(m.getMessage().contains("format version 9"), m.getMessage());
    }

    /** Regenerates the kept v1 checkpoint; run by hand only when adding a new format version. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        GanTrainer t = trainedTiny();
        TrainState state = TrainState.export(t);
        Checkpoints.writeTo(dir, new CheckpointMeta(1, tinyConfig(), state.counters(), Map.of("val_psnr", 20.0),
                Map.of("note", "tiny format-v1 checkpoint kept to prove old checkpoints still load")), state);
        Generator g = Checkpoints.loadGenerator(dir, true);
        INDArray lr = Nd4j.linspace(DataType.FLOAT, 0, 1.0 / 48, 48).reshape(1, 4, 4, 3);
        Files.write(dir.resolve("expected-sr.npy"), Nd4j.toNpyByteArray(g.forward(lr, Mode.INFER)));
    }
}
