package io.srgan.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.config.JobConfig;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.testing.AllStorages;
import io.srgan.spark.testing.TestStorage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Training data, validation images and manifests whose folder and file names hold a space, {@code %},
 * {@code #} or {@code ?}, on each store: every image is listed and decoded, none is skipped; a run
 * folder so named holds checkpoints.
 */
class SpecialPathsTest {
    private static final String TRAIN = "train data #1 %";
    private static final String VAL = "val ?50% #";
    private static final List<String> TRAIN_NAMES = List.of("a b.png", "c%20d.png", "e#f.png", "g?h.png");
    private static final List<String> VAL_NAMES = List.of("v 1#.png", "v%2?.png");

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void namesWithSpacesPercentHashAndQuestionMarksAreTrainedAndValidatedOn(TestStorage storage) throws Exception {
        String base = storage.newFolder("paths").toString();
        HadoopSettings settings = storage.settings();
        Configuration conf = settings.toConfiguration();
        FileSystem fs = FileSystem.get(URI.create(base), conf);
        List<Path> samples;
        try (Stream<Path> files = Files.list(Path.of("sample-data/train"))) {
            samples = files.sorted().limit(TRAIN_NAMES.size()).toList();
        }
        StringBuilder manifest = new StringBuilder();
        for (int i = 0; i < TRAIN_NAMES.size(); i++) {
            upload(fs, samples.get(i), base + TRAIN + "/" + TRAIN_NAMES.get(i));
            manifest.append(i % 2 == 0 ? TRAIN + "/" + TRAIN_NAMES.get(i) : base + TRAIN + "/" + TRAIN_NAMES.get(i)).append('\n');
        }
        try (Stream<Path> files = Files.list(Path.of("sample-data/val"))) {
            List<Path> val = files.sorted().toList();
            for (int i = 0; i < VAL_NAMES.size(); i++) upload(fs, val.get(i), base + VAL + "/" + VAL_NAMES.get(i));
        }
        try (var out = fs.create(new org.apache.hadoop.fs.Path(base + "pairs #%?.txt"))) {
            out.write(manifest.toString().getBytes(StandardCharsets.UTF_8));
        }

        JobConfig folder = TinyRuns.config(3, "train.hr=\"" + base + TRAIN + "/\"", "validation.hr=\"" + base + VAL + "/\"");
        assertAllDecode(folder, settings);
        JobConfig listed = TinyRuns.config(3, "train.hr=null", "train.manifest=\"" + base + "pairs #%?.txt\"");
        assertAllDecode(listed, settings);
        ValidationSet validation = ValidationSet.load(Uris.of(folder.validationHr()), conf);
        assertEquals(VAL_NAMES.size(), validation.size());

        URI run = Uris.of(base + "run #1 %/");
        try (CheckpointStore store = CheckpointStore.open(run, settings)) {
            store.commit(1, Map.of("state.bin", out -> out.write(1)), Map.of());
        }
        try (CheckpointStore store = CheckpointStore.open(URI.create(run + "/"), settings)) {
            assertEquals(1, store.latest().orElseThrow().step(), "a run folder given with a trailing '/'");
        }
    }

    private static void assertAllDecode(JobConfig config, HadoopSettings settings) throws Exception {
        List<PairSource> pairs = TrainingInputs.list(config, settings.toConfiguration()).pairs();
        assertEquals(TRAIN_NAMES.stream().map(TrainingInputs::stem).sorted().toList(),
                pairs.stream().map(PairSource::name).sorted().toList());
        Iterator<ShardItem> items = new ShardDecoder(settings, 4, 8).call(pairs.iterator());
        List<String> skipped = new ArrayList<>();
        while (items.hasNext()) {
            ShardItem item = items.next();
            if (item.pair() == null) skipped.add(String.valueOf(item.skipped()));
        }
        assertTrue(skipped.isEmpty(), "skipped: " + skipped);
    }

    private static void upload(FileSystem fs, Path local, String target) throws Exception {
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toAbsolutePath().toUri()), new org.apache.hadoop.fs.Path(target));
    }
}
