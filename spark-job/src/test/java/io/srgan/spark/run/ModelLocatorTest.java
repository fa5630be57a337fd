package io.srgan.spark.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.DiscriminatorConfig;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.arch.Generators;
import io.srgan.core.checkpoint.Checkpoints;
import io.srgan.core.nn.Init;
import io.srgan.core.train.AdamConfig;
import io.srgan.core.train.LossConfig;
import io.srgan.core.train.ScheduleConfig;
import io.srgan.core.train.TrainConfig;
import io.srgan.core.train.TrainState;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.testing.AllStorages;
import io.srgan.spark.testing.TestStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * --model on any storage: a run folder resolves to the checkpoint its {@link CheckpointChoice} means (a
 * damaged one gives way to the next in the same order), a checkpoint folder to itself.
 */
class ModelLocatorTest {
    private static final GeneratorConfig G = GeneratorConfig.msrresnet(1, 4, 2);
    /** GAN phase from step 1. */
    private static final TrainConfig CONFIG = config(1);
    /** PSNR phase to step 1000: the checkpoints below are all PSNR-phase ones. */
    private static final TrainConfig PSNR_ONLY = config(1000);

    private static TrainConfig config(long psnrSteps) {
        return new TrainConfig(G, new DiscriminatorConfig(2, "batch"), LossConfig.srgan(),
                AdamConfig.of(1e-4, 0.9, 0.99), AdamConfig.of(1e-4, 0.9, 0.99), ScheduleConfig.constant(), psnrSteps, 0, 1);
    }

    private static TrainState state(long step, long seed) {
        Map<String, INDArray> tensors = new TreeMap<>();
        Generators.build(G, new Init(seed, DataType.FLOAT)).params().forEach((n, p) -> tensors.put("g/" + n, p.value()));
        return new TrainState(tensors, Map.of(TrainState.STEP, step));
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void aRunFolderGivesItsBestCheckpointAndACheckpointFolderItself(TestStorage storage) throws IOException {
        URI run = storage.newFolder("run");
        try (RunCheckpoints checkpoints = new RunCheckpoints(CheckpointStore.open(run, storage.settings()), 5)) {
            checkpoints.save(CONFIG, state(100, 1), Map.of(RunCheckpoints.VAL_PSNR, 27.0), Map.of());
            checkpoints.save(CONFIG, state(200, 2), Map.of(RunCheckpoints.VAL_PSNR, 28.5), Map.of());
            checkpoints.save(CONFIG, state(300, 3), Map.of(RunCheckpoints.VAL_PSNR, 28.0), Map.of());
        }
        ModelLocator.Located best = ModelLocator.locate(run, storage.settings(), CheckpointChoice.BEST_PSNR);
        assertTrue(best.source().endsWith("ckpt-00000200"), best.source());
        assertEquals(state(200, 2).tensors(), best.state().tensors());

        ModelLocator.Located folder = ModelLocator.locate(URI.create(best.source() + "/"), storage.settings(), CheckpointChoice.AUTO);
        assertEquals(best.state().tensors(), folder.state().tensors());
        assertEquals(G, folder.meta().config().generator());

        IOException missing = assertThrows(IOException.class, () -> ModelLocator.locate(storage.newFolder("nothing"), storage.settings(), CheckpointChoice.AUTO));
        assertTrue(missing.getMessage().contains("no such checkpoint or run folder"), missing.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void autoMeansTheNewestOnceTheRunTrainedAGanPhaseElseTheBestByPsnr(TestStorage storage) throws IOException {
        for (TrainConfig config : java.util.List.of(CONFIG, PSNR_ONLY)) {
            URI run = storage.newFolder(config == CONFIG ? "gan" : "psnr");
            try (RunCheckpoints checkpoints = new RunCheckpoints(CheckpointStore.open(run, storage.settings()), 5)) {
                checkpoints.save(config, state(100, 1), Map.of(RunCheckpoints.VAL_PSNR, 28.5), Map.of());
                checkpoints.save(config, state(200, 2), Map.of(RunCheckpoints.VAL_PSNR, 27.0), Map.of());
            }
            String auto = ModelLocator.locate(run, storage.settings(), CheckpointChoice.AUTO).source();
            assertTrue(auto.endsWith(config == CONFIG ? "ckpt-00000200" : "ckpt-00000100"), config.psnrSteps() + ": " + auto);
            assertTrue(ModelLocator.locate(run, storage.settings(), CheckpointChoice.LATEST).source().endsWith("ckpt-00000200"));
            assertTrue(ModelLocator.locate(run, storage.settings(), CheckpointChoice.BEST_PSNR).source().endsWith("ckpt-00000100"));
        }
        assertEquals(CheckpointChoice.BEST_PSNR, CheckpointChoice.parse("best-psnr"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> CheckpointChoice.parse("best"));
        assertTrue(bad.getMessage().contains("[auto, latest, best-psnr]"), bad.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void aDamagedBestCheckpointGivesWayToTheNextBest(TestStorage storage) throws IOException {
        URI run = storage.newFolder("damaged");
        try (RunCheckpoints checkpoints = new RunCheckpoints(CheckpointStore.open(run, storage.settings()), 5)) {
            checkpoints.save(CONFIG, state(100, 1), Map.of(RunCheckpoints.VAL_PSNR, 27.0), Map.of());
            checkpoints.save(CONFIG, state(200, 2), Map.of(RunCheckpoints.VAL_PSNR, 28.5), Map.of());
            checkpoints.save(CONFIG, state(300, 3), Map.of(RunCheckpoints.VAL_PSNR, 28.0), Map.of());
        }
        FileSystem fs = FileSystem.get(run, storage.configuration());
        Path best = new Path(new Path(run), "ckpt-00000200/" + Checkpoints.STATE);
        byte[] bytes;
        try (InputStream in = fs.open(best)) {
            bytes = in.readAllBytes();
        }
        bytes[bytes.length / 2] ^= 0x01;
        try (OutputStream out = fs.create(best, true)) {
            out.write(bytes);
        }

        ModelLocator.Located located = ModelLocator.locate(run, storage.settings(), CheckpointChoice.BEST_PSNR);
        assertTrue(located.source().endsWith("ckpt-00000300"), located.source());
        assertEquals(state(300, 3).tensors(), located.state().tensors());

        // named directly, the damaged checkpoint is checked against its manifest too, and refused naming the file
        URI direct = URI.create(run.toString().replaceAll("/$", "") + "/ckpt-00000200/");
        io.srgan.core.checkpoint.CheckpointCorruptException e = assertThrows(io.srgan.core.checkpoint.CheckpointCorruptException.class,
                () -> ModelLocator.locate(direct, storage.settings(), CheckpointChoice.AUTO));
        assertTrue(e.getMessage().contains(Checkpoints.STATE), e.getMessage());
        // and one whose manifest is gone is no complete checkpoint
        fs.delete(new Path(new Path(run), "ckpt-00000300/MANIFEST.json"), false);
        URI unlisted = URI.create(run.toString().replaceAll("/$", "") + "/ckpt-00000300/");
        e = assertThrows(io.srgan.core.checkpoint.CheckpointCorruptException.class,
                () -> ModelLocator.locate(unlisted, storage.settings(), CheckpointChoice.AUTO));
        assertTrue(e.getMessage().contains("MANIFEST.json"), e.getMessage());
    }
}
