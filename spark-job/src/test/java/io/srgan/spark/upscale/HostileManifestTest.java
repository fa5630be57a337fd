package io.srgan.spark.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.srgan.core.data.ColourMode;
import io.srgan.core.inference.TilingConfig;
import io.srgan.spark.io.Storage;
import io.srgan.spark.testing.AllStorages;
import io.srgan.spark.testing.LocalSpark;
import io.srgan.spark.testing.TestStorage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A manifest whose entries would put outputs outside {@code --output}: each is an error line naming
 * the entry and the reason, the good entry is upscaled, and nothing appears anywhere but in the
 * output folder — on the local file system, HDFS and S3.
 */
@ExtendWith(LocalSpark.class)
class HostileManifestTest {
    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void outputsThatWouldLeaveTheOutputFolderAreErrorLinesAndNothingIsWrittenOutsideIt(TestStorage storage, JavaSparkContext spark)
            throws Exception {
        URI base = storage.newFolder("hostile");
        try (Storage store = Storage.open(base, storage.settings())) {
            FileSystem fs = store.fileSystem();
            TinyModel.write(fs, store.resolve("model"), TinyModel.CONFIG, false);
            UpscaleJobTest.write(fs, store.resolve("in/a.png"), TestPictures.png(12, 12, ColourMode.RGB, 8, 1));
            UpscaleJobTest.write(fs, store.resolve("in/evil.png"), TestPictures.png(12, 12, ColourMode.RGB, 8, 2));
            URI in = store.resolve("in").toUri();
            // the file in/evil.png written as a path that climbs above the file system's root and back: it reads
            // the real file, and its relative path below the entries' common folder starts with '..'
            String climbing = new URI(in.getScheme(), in.getAuthority(), "/.." + in.getPath() + "/evil.png", null, null).toString();
            String manifest = String.join("\n", "a.png", climbing, "%2e%2e/evil.png", "");
            UpscaleJobTest.write(fs, store.resolve("in/list.txt"), manifest.getBytes(StandardCharsets.UTF_8));
            ModelWeights weights = ModelWeights.of(UpscaleJobTest.readMeta(fs, store.resolve("model")),
                    UpscaleJobTest.readTensors(fs, store.resolve("model")), WeightChoice.RAW, "tiny");
            UpscaleRequest request = new UpscaleRequest(base.resolve("in/list.txt"), base.resolve("out/"), 16, null,
                    TilingConfig.DEFAULT_BATCH_SIZE, OutputFormat.PNG, 0.95f, 100_000_000L, 256_000_000L, null, storage.settings());

            JobSummary summary = new UpscaleJob(spark).run(request, weights);

            assertEquals(3, summary.inputs());
            assertEquals(1, summary.succeeded());
            assertEquals(2, summary.failed());
            Map<String, String> reasons = new TreeMap<>();
            ObjectMapper json = new ObjectMapper();
            for (String line : new String(UpscaleJobTest.read(fs, store.resolve("out/" + UpscaleJob.ERRORS)), StandardCharsets.UTF_8)
                    .split("\n")) {
                JsonNode e = json.readTree(line);
                reasons.put(e.get("path").asText(), e.get("reason").asText());
            }
            assertEquals(2, reasons.size(), reasons.toString());
            for (Map.Entry<String, String> r : reasons.entrySet()) {
                assertTrue(r.getValue().contains("refused, outputs stay inside " + store.resolve("out")), r.toString());
            }
            List<String> files = new ArrayList<>();
            String prefix = store.root().toUri().getPath().replaceAll("/$", "") + "/";
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(store.root(), true);
            while (it.hasNext()) files.add(it.next().getPath().toUri().getPath().substring(prefix.length()));
            assertTrue(files.stream().anyMatch(f -> f.startsWith("out/") && f.endsWith("/in/a.png")), files.toString());
            files.removeIf(f -> f.startsWith("in/") || f.startsWith("model/") || f.startsWith("out/"));
            assertEquals(List.of(), files, "files written outside the output folder");
        }
    }
}
