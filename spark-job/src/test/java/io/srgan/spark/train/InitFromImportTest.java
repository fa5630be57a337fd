package io.srgan.spark.train;

import static io.srgan.spark.train.TinyRuns.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.Generator;
import io.srgan.core.arch.Generators;
import io.srgan.core.interop.StateDictExport;
import io.srgan.core.interop.TorchZipWriter;
import io.srgan.core.nn.Init;
import io.srgan.core.train.TrainState;
import io.srgan.spark.config.ConfigException;
import io.srgan.spark.interop.WeightImport;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.testing.Hdfs;
import io.srgan.spark.testing.LocalSpark;
import io.srgan.spark.testing.MiniDfs;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Fine-tuning a model trained elsewhere: a .pth (written here in BasicSR's format) imported with
 * srgan import, locally and on HDFS, is a train.init-from source; the run's G starts from its weights,
 * and asking for its (absent) discriminator is refused by name.
 */
@ExtendWith({LocalSpark.class, MiniDfs.class})
class InitFromImportTest {
    @Test
    void anImportedModelIsAFineTuneSourceLocallyAndOnHdfs(JavaSparkContext sc, Hdfs hdfs, @TempDir Path dir) throws Exception {
        // the tiny runs' generator (msrresnet 1x4 x4), as a PyTorch user would have it
        Generator source = Generators.build(config(3).train().generator(), new Init(21, DataType.FLOAT));
        Path pth = dir.resolve("elsewhere.pth");
        try (OutputStream out = Files.newOutputStream(pth)) {
            TorchZipWriter.write(StateDictExport.of(source, "elsewhere"), "params_ema", out);
        }
        URI local = dir.resolve("imported").toUri();
        URI remote = hdfs.uri("/imported-" + UUID.randomUUID() + "/");
        WeightImport.run(pth.toUri(), local, HadoopSettings.empty(), false);
        WeightImport.run(pth.toUri(), remote, hdfs.settings(), false);

        for (URI imported : new URI[] {local, remote}) {
            Path tune = dir.resolve("tune-" + imported.getScheme());
            // learning rates too small to move a float32 weight: the tuned G is where it started
            new TrainJob(config(3, "train.init-from=\"" + imported + "\"", "optimizer.generator.lr=1e-30",
                    "optimizer.schedule.kind=constant"), tune.toUri(), hdfs.settings()).run(false);
            StateArrays tuned = TinyRuns.latest(tune);
            assertEquals(3, tuned.counter(TrainState.STEP));
            int checked = 0;
            for (var p : source.params().entrySet()) {
                assertArrayEquals(p.getValue().value().dup('c').data().asFloat(), tuned.values(tuned.indexOf(TrainState.G + p.getKey())), 0f,
                        imported + ": " + p.getKey() + " starts from the imported weights");
                checked++;
            }
            assertTrue(checked > 0);
        }

        ConfigException e = assertThrows(ConfigException.class, () -> new TrainJob(config(3, "train.init-from=\"" + local + "\"",
                "train.init-discriminator=true"), dir.resolve("with-d").toUri()).run(false));
        assertTrue(e.getMessage().contains("has no discriminator weights"), e.getMessage());
    }
}
