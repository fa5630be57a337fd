package io.srgan.spark.train;

import static io.srgan.spark.train.TinyRuns.config;
import static io.srgan.spark.train.TinyRuns.latest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.checkpoint.Checkpoints;
import io.srgan.spark.config.JobConfig;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.testing.AllStorages;
import io.srgan.spark.testing.LocalSpark;
import io.srgan.spark.testing.TestStorage;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Data, validation images and checkpoints on the local file system, a real HDFS and a real S3
 * endpoint: a run that crashes, leaves a half-written checkpoint behind, and is resumed ends
 * bit-identical to an uninterrupted run on local files.
 */
@ExtendWith(LocalSpark.class)
class TrainJobStorageTest {
    private static final int TRAIN_IMAGES = 6;

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void crashedRunResumesFromTheLastCompleteCheckpoint(TestStorage storage, JavaSparkContext sc, @TempDir Path dir)
            throws Exception {
        Path localTrain = Files.createDirectories(dir.resolve("train"));
        try (var files = Files.list(Path.of("sample-data/train"))) {
            for (Path f : files.sorted().limit(TRAIN_IMAGES).toList()) Files.copy(f, localTrain.resolve(f.getFileName()));
        }
        JobConfig local = config(6, "train.hr=\"" + localTrain + "\"");
        new TrainJob(local, dir.resolve("straight").toUri()).run(false);

        URI base = storage.newFolder("train-job");
        FileSystem fs = FileSystem.get(base, storage.configuration());
        upload(fs, localTrain, base.resolve("data/train/"));
        upload(fs, Path.of("sample-data/val"), base.resolve("data/val/"));
        JobConfig remote = config(6, "train.hr=\"" + base.resolve("data/train/") + "\"",
                "validation.hr=\"" + base.resolve("data/val/") + "\"");
        URI run = base.resolve("run/");
        new TrainJob(remote, run, storage.settings()).run(false, 4); // dies after step 4; checkpoint 3 is complete
        // ... and had begun checkpoint 6: one file written, no manifest
        try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(run.resolve("ckpt-00000006/" + Checkpoints.STATE)))) {
            out.write(new byte[] {1, 2, 3});
        }
        try (CheckpointStore store = CheckpointStore.open(run, storage.settings())) {
            assertEquals(3L, store.latest().orElseThrow().step(), "the half-written checkpoint is invisible");
        }
        new TrainJob(remote, run, storage.settings()).run(true);

        TinyRuns.assertSameState(latest(dir.resolve("straight")), latest(run, storage.settings()));
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(run.resolve("samples/100075_sr.png"))));
        assertTrue(fs.getFileStatus(new org.apache.hadoop.fs.Path(run.resolve("metrics.jsonl"))).getLen() > 0);
        assertEquals(List.of(6L), List.of(latest(run, storage.settings()).counter("step")));
    }

    private static void upload(FileSystem fs, Path folder, URI target) throws Exception {
        try (var files = Files.list(folder)) {
            for (Path f : files.sorted().toList()) {
                fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(f.toUri()),
                        new org.apache.hadoop.fs.Path(target.resolve(f.getFileName().toString())));
            }
        }
    }
}
