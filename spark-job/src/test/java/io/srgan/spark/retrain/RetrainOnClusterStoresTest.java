package io.srgan.spark.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.models.ModelStore;
import io.srgan.spark.testing.BuildDirs;
import io.srgan.spark.testing.Hdfs;
import io.srgan.spark.testing.LocalSpark;
import io.srgan.spark.testing.MiniDfs;
import io.srgan.spark.testing.S3Bucket;
import io.srgan.spark.testing.S3Proxy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A whole retrain run with store, incoming images and validation set on a real HDFS, and on a real S3. */
@ExtendWith({MiniDfs.class, S3Proxy.class, LocalSpark.class})
class RetrainOnClusterStoresTest {
    @BeforeEach
    void sparkFirst(JavaSparkContext spark) {
        // the test JVM's one SparkContext (local[2]), which the training job then finds and uses
    }


    @Test
    void onHdfs(Hdfs hdfs) throws Exception {
        Path scratch = BuildDirs.newFolder("retrain", "hdfs-");
        runOnce(new RetrainFixture(hdfs.uri("/retrain-" + UUID.randomUUID() + "/"), hdfs.settings(), scratch), scratch);
    }

    @Test
    void onS3(S3Bucket bucket) throws Exception {
        Path scratch = BuildDirs.newFolder("retrain", "s3-");
        runOnce(new RetrainFixture(bucket.uri("retrain-" + UUID.randomUUID() + "/"), bucket.settings(), scratch), scratch);
    }

    private static void runOnce(RetrainFixture f, Path scratch) throws Exception {
        f.set("retrain.replay-images=1").incomingDay("2025-02-28", 0, 2).incomingDay("2025-03-01", 2, 2);
        f.untrainedProduction("initial", scratch);

        RunRecord r = f.job().run();

        assertEquals(RunRecord.PROMOTED, r.decision(), r.reason());
        assertEquals(List.of("2025-02-28", "2025-03-01"), r.inputs().newDays());
        try (ModelStore store = f.openStore()) {
            assertEquals(r.runId(), store.production().orElseThrow().model());
            assertTrue(store.find(r.runId()).orElseThrow().uri().toString().startsWith(f.base.getScheme() + ":"));
            store.checkpoint(r.runId()).orElseThrow().verify();
            assertEquals(List.of(r), new RunHistory(store.storage()).list());
            FileSystem fs = store.storage().fileSystem();
            List<String> run = Arrays.stream(fs.listStatus(store.storage().resolve("runs/" + r.runId())))
                    .map(s -> s.getPath().getName()).sorted().toList();
            assertTrue(run.contains("train-manifest.txt") && run.contains("metrics.jsonl"), run.toString());
            assertTrue(run.stream().noneMatch(n -> n.startsWith("ckpt-")), "fine-tune checkpoints are dropped: " + run);
        }
    }
}
