package io.srgan.spark.train;

import static io.srgan.spark.train.TinyRuns.config;
import static io.srgan.spark.train.TinyRuns.latest;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.srgan.core.train.TrainState;
import io.srgan.spark.config.ConfigException;
import io.srgan.spark.testing.LocalSpark;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** train.init-from: a run starts from another run's weights at step 0, with a fresh optimizer; a misfit is refused by name. */
@ExtendWith(LocalSpark.class)
class InitFromTest {

    @Test
    void aFineTuneStartsFromTheSourcesEmaGeneratorAndOptionallyItsDiscriminator(JavaSparkContext sc, @TempDir Path dir) throws Exception {
        Path source = dir.resolve("source");
        new TrainJob(config(6, "train.psnr-steps=3"), source.toUri()).run(false); // ends in the GAN phase: D trained
        StateArrays from = latest(source);

        // learning rates too small to move a float32 weight: what the fine-tune holds after its steps is what it started from
        Path tune = dir.resolve("tune");
        new TrainJob(config(3, "train.init-from=" + source, "train.init-discriminator=true", "optimizer.generator.lr=1e-30",
                "optimizer.discriminator.lr=1e-30", "optimizer.schedule.kind=constant"), tune.toUri()).run(false);
        StateArrays tuned = latest(tune);
        assertEquals(3, tuned.counter(TrainState.STEP), "the step counter starts at 0");
        for (String name : tuned.names()) {
            if (name.startsWith(TrainState.G)) {
                assertArrayEquals(from.values(from.indexOf(TrainState.EMA + name.substring(2))), tuned.values(tuned.indexOf(name)), 0f,
                        name + " starts from the source's EMA weights");
            } else if (name.startsWith(TrainState.D)) {
                assertArrayEquals(from.values(from.indexOf(name)), tuned.values(tuned.indexOf(name)), 0f, name + " from the source's D");
            }
        }
        JsonNode init = TrainJobTest.lines(tune.resolve("metrics.jsonl")).stream()
                .filter(l -> l.path("kind").asText().equals("init")).findFirst().orElseThrow();
        assertTrue(init.get("checkpoint").asText().endsWith("ckpt-00000006"), "auto: the newest of a run that trained a GAN phase");
        assertEquals("ema", init.get("generator_weights").asText());

        // without init-discriminator D starts fresh: the same as a run from scratch with the same seed
        Path fresh = dir.resolve("fresh");
        new TrainJob(config(3, "optimizer.discriminator.lr=1e-30"), fresh.toUri()).run(false);
        Path gOnly = dir.resolve("g-only");
        new TrainJob(config(3, "train.init-from=" + source, "optimizer.discriminator.lr=1e-30"), gOnly.toUri()).run(false);
        StateArrays scratch = latest(fresh);
        StateArrays onlyG = latest(gOnly);
        for (String name : onlyG.names()) {
            if (name.startsWith(TrainState.D)) {
                assertArrayEquals(scratch.values(scratch.indexOf(name)), onlyG.values(onlyG.indexOf(name)), 0f, name + " fresh");
            }
        }
    }

    @Test
    void aSourceOfAnotherArchitectureIsRefusedNamingTheTensors(JavaSparkContext sc, @TempDir Path dir) throws Exception {
        Path source = dir.resolve("source");
        new TrainJob(config(3), source.toUri()).run(false);
        ConfigException e = assertThrows(ConfigException.class, () -> new TrainJob(config(3, "train.init-from=" + source,
                "generator.channels=8"), dir.resolve("wider").toUri()).run(false));
        assertTrue(e.getMessage().contains("the generator of ") && e.getMessage().contains("msrresnet 1x4"), e.getMessage());
        assertTrue(e.getMessage().contains("head.weight [3, 3, 3, 4] there, [3, 3, 3, 8] here"), e.getMessage());
        assertFalse(dir.resolve("wider").resolve("ckpt-00000003").toFile().exists(), "nothing trained");
    }

    @Test
    void aDiscriminatorIsRequiredWhenAskedFor() {
        Map<String, INDArray> fresh = new TreeMap<>(Map.of("g/c.weight", Nd4j.zeros(2, 2), "d/c.weight", Nd4j.zeros(3)));
        Map<String, INDArray> imported = Map.of("g/c.weight", Nd4j.ones(2, 2));
        TrainState start = InitialWeights.apply(new TrainState(fresh, Map.of(TrainState.STEP, 0L)), null, imported, false, "x.pth");
        assertEquals(1.0, start.tensors().get("g/c.weight").getDouble(0), 0);
        ConfigException e = assertThrows(ConfigException.class,
                () -> InitialWeights.apply(new TrainState(fresh, Map.of(TrainState.STEP, 0L)), null, imported, true, "x.pth"));
        assertTrue(e.getMessage().contains("x.pth has no discriminator weights"), e.getMessage());
    }

    /** The retrain job's warm start is the same mechanism with other choices: G raw, EMA and D as they are, the optimizer kept or reset. */
    @Test
    void aFineTuneTakesGEmaDAndOptionallyTheOptimizerAsTheyAre() {
        Map<String, INDArray> fresh = new TreeMap<>(Map.of("g/c.weight", Nd4j.zeros(2), "ema/c.weight", Nd4j.zeros(2),
                "d/c.weight", Nd4j.zeros(3), "adam_g/m/c.weight", Nd4j.zeros(2)));
        Map<String, Long> freshCounters = Map.of(TrainState.STEP, 0L, TrainState.ADAM_G_ITERATION, 0L, TrainState.ADAM_D_ITERATION, 0L);
        Map<String, INDArray> production = Map.of("g/c.weight", Nd4j.valueArrayOf(new long[] {2}, 1.0),
                "ema/c.weight", Nd4j.valueArrayOf(new long[] {2}, 2.0), "d/c.weight", Nd4j.valueArrayOf(new long[] {3}, 3.0),
                "adam_g/m/c.weight", Nd4j.valueArrayOf(new long[] {2}, 4.0));
        io.srgan.core.checkpoint.CheckpointMeta meta = new io.srgan.core.checkpoint.CheckpointMeta(
                io.srgan.core.checkpoint.CheckpointMeta.CURRENT_VERSION, config(3).train(),
                Map.of(TrainState.STEP, 900L, TrainState.ADAM_G_ITERATION, 900L, TrainState.ADAM_D_ITERATION, 450L), Map.of(), Map.of());
        for (boolean keep : new boolean[] {true, false}) {
            TrainState start = InitialWeights.apply(new TrainState(fresh, freshCounters), meta, production,
                    InitialWeights.Start.fineTune(keep), "production");
            assertEquals(1.0, start.tensors().get("g/c.weight").getDouble(0), 0, "G: the raw weights");
            assertEquals(2.0, start.tensors().get("ema/c.weight").getDouble(0), 0, "EMA: the production EMA");
            assertEquals(3.0, start.tensors().get("d/c.weight").getDouble(0), 0);
            assertEquals(keep ? 4.0 : 0.0, start.tensors().get("adam_g/m/c.weight").getDouble(0), 0, "moments kept: " + keep);
            assertEquals(keep ? 900L : 0L, start.counter(TrainState.ADAM_G_ITERATION));
            assertEquals(0L, start.counter(TrainState.STEP), "the recipe's schedule runs afresh");
        }
    }
}
