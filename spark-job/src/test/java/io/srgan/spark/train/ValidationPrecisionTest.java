package io.srgan.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.srgan.core.arch.Generator;
import io.srgan.core.checkpoint.Checkpoints;
import io.srgan.core.inference.Bf16Model;
import io.srgan.core.nn.Bf16Scope;
import io.srgan.spark.run.ValidationLine;
import io.srgan.spark.testing.LocalSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code validation.precision = bf16}: the run's validation scores its generator with bf16 convolutions. */
@ExtendWith(LocalSpark.class)
class ValidationPrecisionTest {

    @Test
    void bf16ValidationScoresTheGeneratorWithBf16Convolutions(JavaSparkContext sc, @TempDir Path dir) throws Exception {
        assumeTrue(Bf16Scope.unavailable() == null, "bf16 unavailable here: " + Bf16Scope.unavailable());
        new TrainJob(TinyRuns.config(3, "validation.precision=bf16"), dir.toUri()).run(false);
        List<JsonNode> validations = TrainJobTest.lines(dir.resolve("metrics.jsonl")).stream()
                .filter(l -> l.path("kind").asText().equals("validation")).toList();
        assertEquals(1, validations.size());
        double logged = validations.get(0).get(ValidationLine.PSNR_Y).asDouble();

        Generator g = Checkpoints.loadGenerator(dir.resolve("ckpt-00000003"), true); // the EMA weights validation scored
        ValidationSet set = ValidationSet.load(Path.of("sample-data/val").toAbsolutePath().toUri(), new Configuration());
        double bf16 = set.score(Bf16Model.of(g)).meanPsnrY();
        double fp32 = set.score(g).meanPsnrY();
        assertEquals(bf16, logged, 1e-9, "the logged score is the bf16 one");
        assertTrue(Math.abs(fp32 - logged) > 1e-7 && Math.abs(fp32 - logged) < 0.05,
                "bf16 scores a little off fp32's: " + logged + " against " + fp32);
    }
}
