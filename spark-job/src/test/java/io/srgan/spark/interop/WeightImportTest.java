package io.srgan.spark.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.Generator;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.interop.ArchDetector;
import io.srgan.core.interop.ImportedGenerator;
import io.srgan.core.train.TrainState;
import io.srgan.spark.run.CheckpointChoice;
import io.srgan.spark.run.ModelLocator;
import io.srgan.spark.testing.AllStorages;
import io.srgan.spark.testing.BuildDirs;
import io.srgan.spark.testing.TestStorage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * srgan import and export on every storage: the imported run folder is what --model resolves to the
 * same generator as the PyTorch file, carries its provenance, is not overwritten by accident, and
 * exports back to the file's tensors.
 */
class WeightImportTest {
    /** Real-ESRGAN's x2 shape (pixel-unshuffle), made by PyTorch: core's make_fixtures.py. */
    static final Path FIXTURE = Path.of("../core/src/test/resources/interop/rrdb_x2_unshuffle.pth");

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void anImportedFileIsAModelThatComputesWhatTheFileDoes(TestStorage storage) throws Exception {
        URI out = storage.newFolder("imported");
        WeightImport.Result r = WeightImport.run(FIXTURE.toAbsolutePath().toUri(), out, storage.settings(), false);
        ImportedGenerator direct = ArchDetector.importFile(FIXTURE);
        assertEquals(GeneratorConfig.rrdb(1, 8, 4, 2), r.imported().config());
        assertEquals(sha256(Files.readAllBytes(FIXTURE)), r.sha256());

        ModelLocator.Located located = ModelLocator.locate(out, storage.settings(), CheckpointChoice.AUTO);
        assertEquals(0L, located.meta().counters().get(TrainState.STEP));
        assertEquals(direct.config(), located.meta().config().generator());
        assertEquals("srgan import", located.meta().provenance().get("imported_by"));
        assertEquals(r.sha256(), located.meta().provenance().get("source_sha256"));
        assertEquals(direct.description(), located.meta().provenance().get("detected_arch"));
        assertTrue(located.meta().provenance().get("source_file").endsWith("rrdb_x2_unshuffle.pth"));
        assertTrue(located.state().tensors().keySet().stream().noneMatch(n -> n.startsWith(TrainState.D)), "no discriminator");

        INDArray lr = Nd4j.rand(DataType.FLOAT, 1, 6, 8, 3);
        INDArray want = direct.build().upscale(lr);
        for (boolean ema : new boolean[] {true, false}) {
            Generator g = located.generator(ema);
            assertEquals(want, g.upscale(lr), ema ? "EMA weights" : "raw weights");
        }

        IOException again = assertThrows(IOException.class, () -> WeightImport.run(FIXTURE.toAbsolutePath().toUri(), out, storage.settings(), false));
        assertTrue(again.getMessage().contains("already holds a checkpoint; use --overwrite"), again.getMessage());
        WeightImport.run(FIXTURE.toAbsolutePath().toUri(), out, storage.settings(), true);
        assertEquals(direct.config(), ModelLocator.locate(out, storage.settings(), CheckpointChoice.AUTO).meta().config().generator());

        // a folder with checkpoints and more (a training run's metrics) is never wiped, not even with --overwrite
        FileSystem fs = FileSystem.newInstance(out, storage.configuration());
        try (var o = fs.create(new org.apache.hadoop.fs.Path(out.resolve("metrics.jsonl")))) {
            o.write('{');
        }
        IOException run = assertThrows(IOException.class, () -> WeightImport.run(FIXTURE.toAbsolutePath().toUri(), out, storage.settings(), true));
        assertTrue(run.getMessage().contains("holds more than checkpoints (metrics.jsonl)"), run.getMessage());
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(out.resolve("metrics.jsonl"))) && fs.exists(new org.apache.hadoop.fs.Path(out.resolve("ckpt-00000000"))));
        fs.close();
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void weightsAreReadFromAndExportedToTheStorage(TestStorage storage) throws Exception {
        URI folder = storage.newFolder("weights");
        URI remote = folder.resolve("x2.pth");
        FileSystem fs = FileSystem.newInstance(remote, storage.configuration());
        try {
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(FIXTURE.toAbsolutePath().toUri()), new org.apache.hadoop.fs.Path(remote));
            URI out = folder.resolve("model/");
            WeightImport.Result r = WeightImport.run(remote, out, storage.settings(), false);
            assertEquals(remote.toString(), ModelLocator.locate(out, storage.settings(), CheckpointChoice.AUTO).meta().provenance().get("source_file"));
            assertEquals(sha256(Files.readAllBytes(FIXTURE)), r.sha256());

            URI exported = folder.resolve("exported.pth");
            ModelLocator.Located located = ModelLocator.locate(out, storage.settings(), CheckpointChoice.AUTO);
            WeightExport.Result e = WeightExport.run(located, true, WeightExport.Format.PTH, exported, storage.settings(), false);
            assertTrue(e.ema());
            assertEquals("params_ema", e.wrapper());
            Path local = BuildDirs.newFolder("interop", "export-").resolve("back.pth");
            fs.copyToLocalFile(new org.apache.hadoop.fs.Path(exported), new org.apache.hadoop.fs.Path(local.toUri()));
            ImportedGenerator back = ArchDetector.importFile(local);
            ImportedGenerator direct = ArchDetector.importFile(FIXTURE);
            assertEquals(direct.config(), back.config());
            direct.tensors().forEach((name, t) -> assertArrayEquals(t.data(), back.tensors().get(name).data(), name));

            IOException exists = assertThrows(IOException.class,
                    () -> WeightExport.run(located, true, WeightExport.Format.PTH, exported, storage.settings(), false));
            assertTrue(exists.getMessage().contains("already exists; use --overwrite"), exists.getMessage());
            WeightExport.run(located, false, WeightExport.Format.SAFETENSORS, exported, storage.settings(), true);
            fs.copyToLocalFile(new org.apache.hadoop.fs.Path(exported), new org.apache.hadoop.fs.Path(local.toUri()));
            assertEquals(direct.config(), ArchDetector.importFile(local).config());

            fs.mkdirs(new org.apache.hadoop.fs.Path(folder.resolve("busy/")));
            fs.create(new org.apache.hadoop.fs.Path(folder.resolve("busy/notes.txt"))).close();
            IOException busy = assertThrows(IOException.class,
                    () -> WeightImport.run(remote, folder.resolve("busy/"), storage.settings(), true));
            assertTrue(busy.getMessage().contains("is not empty and holds no checkpoint"), busy.getMessage());
            assertTrue(fs.exists(new org.apache.hadoop.fs.Path(folder.resolve("busy/notes.txt"))), "--overwrite deletes only checkpoints");
        } finally {
            fs.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void anUnrecognisedFileIsRefusedNamingItAndNothingIsWritten(TestStorage storage) throws Exception {
        URI folder = storage.newFolder("bad");
        URI remote = folder.resolve("notes.pth");
        try (FileSystem fs = FileSystem.newInstance(remote, storage.configuration())) {
            try (var o = fs.create(new org.apache.hadoop.fs.Path(remote))) {
                o.write("not weights at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            IOException e = assertThrows(IOException.class, () -> WeightImport.run(remote, folder.resolve("model/"), storage.settings(), false));
            String name = storage.name().equals("local") ? remote.getPath() : remote.toString();
            assertTrue(e.getMessage().startsWith(name + ": neither a PyTorch"), e.getMessage());
            assertFalse(fs.exists(new org.apache.hadoop.fs.Path(folder.resolve("model/"))));
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
