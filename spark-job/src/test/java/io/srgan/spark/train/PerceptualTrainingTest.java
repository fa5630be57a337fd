package io.srgan.spark.train;

import static io.srgan.spark.train.TinyRuns.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.srgan.spark.testing.Hdfs;
import io.srgan.spark.testing.LocalSpark;
import io.srgan.spark.testing.MiniDfs;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The perceptual term in the Spark job, its Keras model file on HDFS: Spark copies it to the executors. */
@ExtendWith({LocalSpark.class, MiniDfs.class})
class PerceptualTrainingTest {
    private static final String VGG = "{\"style\": \"functional\", \"input_shape\": [null, null, 3], \"seed\": 3, \"layers\": ["
            + "[\"conv\", \"block1_conv1\", 4, \"relu\"], [\"pool\", \"block1_pool\", \"valid\"], [\"conv\", \"block2_conv1\", 6, \"relu\"]]}";

    @Test
    void ganRoundsReportThePerceptualTerm(JavaSparkContext sc, Hdfs hdfs, @TempDir Path dir) throws Exception {
        Path model = dir.resolve("vgg.h5");
        Process p = new ProcessBuilder("/usr/bin/python3", Path.of("../core/src/test/resources/keras/write_keras_model.py").toString(),
                VGG, model.toString()).inheritIO().start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "writing the Keras test model failed");
        URI remote = hdfs.uri("/perceptual/" + java.util.UUID.randomUUID() + "/vgg.h5");
        FileSystem.get(remote, hdfs.settings().toConfiguration())
                .copyFromLocalFile(new org.apache.hadoop.fs.Path(model.toUri()), new org.apache.hadoop.fs.Path(remote));

        Path run = dir.resolve("run");
        new TrainJob(config(5, "loss.perceptual.weight=0.5", "loss.perceptual.model=\"" + remote + "\"",
                "loss.perceptual.layer=block2_conv1"), run.toUri(), hdfs.settings()).run(false);

        List<JsonNode> rounds = TrainJobTest.lines(run.resolve("metrics.jsonl")).stream()
                .filter(l -> l.path("kind").asText().equals("round")).toList();
        assertEquals(5, rounds.size());
        for (JsonNode r : rounds) {
            boolean gan = r.get("phase").asText().equals("gan");
            assertEquals(gan, r.has("l_g_perc"), "l_g_perc in GAN rounds only: " + r);
            if (gan) assertTrue(r.get("l_g_perc").asDouble() > 0, r.toString());
        }
    }
}
