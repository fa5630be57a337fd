package io.srgan.spark.interop;

import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.core.checkpoint.Checkpoints;
import io.srgan.core.interop.ArchDetector;
import io.srgan.core.interop.ImportedGenerator;
import io.srgan.core.interop.StateDict;
import io.srgan.core.interop.WeightFiles;
import io.srgan.core.train.TrainConfig;
import io.srgan.core.train.TrainState;
import io.srgan.spark.config.JobConfigLoader;
import io.srgan.spark.io.Checkpoint;
import io.srgan.spark.io.CheckpointNames;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.Storage;
import io.srgan.spark.run.RunCheckpoints;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code srgan import}: a community weight file → a run folder holding one checkpoint of this
 * project's format ({@code ckpt-00000000}: meta.json, state.npz, manifest; LATEST), committed by the
 * run store's protocol (complete or invisible). A run folder rather than a bare checkpoint folder, so
 * that every consumer takes it as it is: {@code --model} and {@code train.init-from} (run or checkpoint
 * folder) and {@code models import --from} (run folder or ckpt-N).
 *
 * <p>The weights are stored as {@code g/…} and, equal, {@code ema/…}: released community weights are
 * usually the EMA ones (BasicSR's params_ema), and with both every reader finds what it prefers
 * ({@code upscale --ema} or {@code --raw}, init-from's EMA-first rule). There is no {@code d/…}: a
 * fine-tune from it starts a fresh discriminator (train.init-discriminator must stay false). The
 * training config is reference.conf's with the detected generator, counters are 0, and the
 * provenance names the file, its SHA-256, what was detected and "srgan import".
 */
public final class WeightImport {
    public static final String IMPORTED_BY = "srgan import";

    private WeightImport() {}

    /** What was imported and where it went. */
    public record Result(ImportedGenerator imported, Checkpoint checkpoint, String sha256) {}

    /**
     * Imports {@code weights} into the run folder {@code output}, which must be new, empty, or (with
     * {@code overwrite}) hold a checkpoint or run, which is then deleted first.
     */
    public static Result run(URI weights, URI output, HadoopSettings settings, boolean overwrite) throws IOException {
        ImportedGenerator imported;
        String sha256;
        try (LocalWeightFile file = LocalWeightFile.of(weights, settings)) {
            sha256 = file.sha256();
            imported = detect(file, weights);
        }
        TrainConfig config = trainConfig(imported.config());
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("source_file", weights.toString());
        provenance.put("source_sha256", sha256);
        provenance.put("detected_arch", imported.description());
        provenance.put("imported_by", IMPORTED_BY);
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put(TrainState.STEP, 0L);
        CheckpointMeta meta = new CheckpointMeta(CheckpointMeta.CURRENT_VERSION, config, counters, Map.of(), provenance);
        Map<String, INDArray> tensors = new TreeMap<>();
        List<INDArray> values = new ArrayList<>();
        imported.tensors().forEach((name, t) -> {
            INDArray value = t.toINDArray(); // one array under both names: written twice, closed once
            values.add(value);
            tensors.put(TrainState.G + name, value);
            tensors.put(TrainState.EMA + name, value);
        });
        try (Storage storage = Storage.open(output, settings)) {
            prepare(storage, overwrite);
            try (RunCheckpoints run = new RunCheckpoints(CheckpointStore.over(storage), 1)) {
                return new Result(imported, run.save(meta, new TrainState(tensors, counters)), sha256);
            }
        } finally {
            values.forEach(INDArray::close);
        }
    }

    /** Detects the file's architecture; messages name the file as given, not a temporary copy. */
    private static ImportedGenerator detect(LocalWeightFile file, URI weights) throws IOException {
        String name = display(weights);
        StateDict sd;
        try {
            sd = WeightFiles.read(file.path());
        } catch (IOException e) {
            throw new IOException(e.getMessage().replace(file.path().toString(), name), e);
        }
        return ArchDetector.detect(new StateDict(name, sd.tensors()));
    }

    /**
     * reference.conf's training settings with {@code g} as the generator, so a fine-tune's config starts
     * from it; an x1 model (a restoration model: nothing to learn from bicubic pairs) with degradations on.
     */
    static TrainConfig trainConfig(GeneratorConfig g) {
        List<String> settings = new java.util.ArrayList<>(List.of("scale=" + g.scale(), "generator.arch=" + g.arch(),
                "generator.blocks=" + g.blocks(), "generator.channels=" + g.channels(), "generator.upsampler=" + g.upsampler(),
                "generator.growth=" + Math.max(g.growth(), 1), "train.hr=\"(imported: no training data)\""));
        if (g.scale() == 1) settings.add("degradation.enabled=true");
        TrainConfig t = JobConfigLoader.load(null, settings).train();
        if (!t.generator().equals(g)) throw new IllegalStateException("the config made for " + g + " has generator " + t.generator());
        return t;
    }

    /** Refuses a folder that holds anything but a checkpoint, and a checkpoint unless {@code overwrite} (then deletes it). */
    private static void prepare(Storage storage, boolean overwrite) throws IOException {
        FileSystem fs = storage.fileSystem();
        FileStatus[] children;
        try {
            FileStatus root = fs.getFileStatus(storage.root());
            if (!root.isDirectory()) throw new FileAlreadyExistsException(display(storage.uri()) + ": is a file; --output names a folder");
            children = fs.listStatus(storage.root());
        } catch (FileNotFoundException e) {
            return;
        }
        if (children.length == 0) return;
        boolean checkpoint = false;
        List<String> other = new ArrayList<>();
        for (FileStatus c : children) {
            String n = c.getPath().getName();
            boolean part = n.equals(Checkpoints.META) || n.equals(Checkpoints.STATE) || n.equals(CheckpointNames.LATEST)
                    || CheckpointNames.stepOf(n).isPresent();
            checkpoint |= part;
            // the store's own temporaries and set-aside folders start with '_' or '.'
            if (!part && !n.startsWith("_") && !n.startsWith(".")) other.add(n);
        }
        if (!checkpoint) {
            throw new FileAlreadyExistsException(display(storage.uri()) + ": is not empty and holds no checkpoint; import into a new or empty folder");
        }
        if (!other.isEmpty()) { // a training run's folder (metrics, config, samples, report): --overwrite must not wipe it
            throw new FileAlreadyExistsException(display(storage.uri()) + ": holds more than checkpoints (" + String.join(", ", other.subList(0,
                    Math.min(4, other.size()))) + (other.size() > 4 ? ", …" : "") + "), e.g. a training run; import into another folder");
        }
        if (!overwrite) {
            throw new FileAlreadyExistsException(display(storage.uri()) + ": already holds a checkpoint; use --overwrite to replace it");
        }
        if (!fs.delete(storage.root(), true) && fs.exists(storage.root())) {
            throw new IOException(display(storage.uri()) + ": cannot delete the checkpoint it holds before importing over it");
        }
    }

    /** A location as users wrote it: a local path as a path, anything else as its URI; no trailing '/'. */
    static String display(URI location) {
        String s = "file".equals(location.getScheme()) ? location.getPath() : location.toString();
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
