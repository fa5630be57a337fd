package io.srgan.spark.train;

import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.ImagePair;
import io.srgan.core.train.TrainState;
import io.srgan.spark.config.JobConfig;
import io.srgan.spark.config.JobConfigLoader;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.run.RunCheckpoints;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tiny training runs on the shipped sample images, and what tests read back from them. */
final class TinyRuns {
    private TinyRuns() {}

    /** The preset the tiny runs start from. */
    static final Path PRESET = Path.of("../conf/quickstart.conf");

    /** A run of {@code steps} steps (3 in the PSNR phase) of a 1-block, 4-channel G and a width-4 D; {@code more} overrides. */
    static JobConfig config(long steps, String... more) {
        return JobConfigLoader.load(PRESET, overrides(steps, more));
    }

    /** The {@code --set} overrides of {@link #config}, for running the same run through the command line. */
    static List<String> overrides(long steps, String... more) {
        List<String> o = new ArrayList<>(List.of("generator.blocks=1", "generator.channels=4", "discriminator.width=4",
                "train.batch=2", "train.lr-patch=8", "train.psnr-steps=3", "train.steps=" + steps, "checkpoint.every=3",
                "cluster.local-steps=1", "cluster.partitions=2", "validation.every=3", "train.hr=sample-data/train",
                "validation.hr=sample-data/val", "ema-decay=0.9", "loss.adversarial=ragan",
                "loss.feature-matching-weight=0.1", "loss.feature-blocks=[2,4]", "log-every=1"));
        o.addAll(List.of(more));
        return o;
    }

    /** The newest complete checkpoint's state, as plain arrays. */
    static StateArrays latest(URI run, HadoopSettings settings) throws Exception {
        try (CheckpointStore store = CheckpointStore.open(run, settings)) {
            TrainState s = RunCheckpoints.load(store.latest().orElseThrow()).state();
            try {
                return StateArrays.of(s);
            } finally {
                s.tensors().values().forEach(INDArray::close);
            }
        }
    }

    static StateArrays latest(Path run) throws Exception {
        return latest(run.toUri(), HadoopSettings.empty());
    }

    /** The training pairs of {@code config} decoded in shard order (what the job's partitions see, concatenated). */
    static List<ImagePair> pairsInShardOrder(JobConfig config) throws Exception {
        var conf = HadoopSettings.empty().toConfiguration();
        List<ImagePair> pairs = new ArrayList<>();
        ImageDecoder decoder = new ImageDecoder();
        for (PairSource s : TrainingShards.order(TrainingInputs.list(config, conf).pairs(), config.train().seed())) {
            try (InputStream in = s.hr().getFileSystem(conf).open(s.hr())) {
                pairs.add(ImagePair.fromHr(s.name(), decoder.decode(in, s.hr().toString()).rgb(), config.train().generator().scale()));
            }
        }
        return pairs;
    }

    /** Asserts two states hold the same tensors with bit-identical values and the same counters (except those listed). */
    static void assertSameState(StateArrays expected, StateArrays actual, String... ignoredCounters) {
        assertEquals(names(expected), names(actual));
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.values(i), actual.values(i), 0f, expected.name(i) + " differs");
        }
        Map<String, Long> a = new TreeMap<>(expected.counters());
        Map<String, Long> b = new TreeMap<>(actual.counters());
        for (String c : ignoredCounters) {
            a.remove(c);
            b.remove(c);
        }
        assertEquals(a, b);
    }

    static List<String> names(StateArrays s) {
        String[] n = new String[s.size()];
        for (int i = 0; i < n.length; i++) n[i] = s.name(i);
        return Arrays.asList(n);
    }

    /** The largest absolute difference over the tensors whose names start with {@code prefix}. */
    static double maxDiff(StateArrays a, StateArrays b, String prefix) {
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            if (!a.name(i).startsWith(prefix)) continue;
            float[] x = a.values(i);
            float[] y = b.values(b.indexOf(a.name(i)));
            for (int j = 0; j < x.length; j++) max = Math.max(max, Math.abs(x[j] - y[j]));
        }
        return max;
    }
}
