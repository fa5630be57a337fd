package io.srgan.spark.models;

import io.srgan.core.arch.Generator;
import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.core.checkpoint.Checkpoints;
import io.srgan.spark.io.Checkpoint;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.StreamWriter;
import io.srgan.spark.io.Storage;
import io.srgan.spark.train.RunCheckpoints;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;

/**
 * The production model store on any Hadoop file system:
 *
 * <pre>
 * STORE/
 *   models/&lt;id&gt;/ckpt-&lt;step&gt;/   a complete checkpoint (meta.json, state.npz, MANIFEST.json written last)
 *   production.jsonl             every move of the production pointer; the last line is the pointer
 *   history/&lt;run-id&gt;.json       one record per retrain run (see io.srgan.spark.retrain.RunHistory)
 *   runs/&lt;run-id&gt;/             a retrain run's fine-tune: training manifest, config, metrics
 *   lease/&lt;generation&gt;.json     the store's lock (see {@link StoreLease})
 * </pre>
 *
 * Models are committed through {@link CheckpointStore} (complete or invisible on every store; CRC32C
 * checked when read), are never rewritten, and a model that was ever production is never deleted,
 * so that a rollback or a manual promotion of a kept candidate is a pointer move (retraining deletes
 * only old candidates that were never promoted). Each model folder is a run folder of one
 * checkpoint, so {@code srgan upscale --model STORE/models/<id>} works on it directly.
 */
public final class ModelStore implements AutoCloseable {
    static final String MODELS = "models";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Storage storage;
    private final ProductionLog production;
    private final Map<String, CheckpointStore> opened = new HashMap<>();

    private ModelStore(Storage storage) {
        this.storage = storage;
        this.production = new ProductionLog(storage);
    }

    public static ModelStore open(URI store, HadoopSettings settings) throws IOException {
        URI root = store.getPath() == null || store.getPath().endsWith("/") ? store : URI.create(store + "/");
        return new ModelStore(Storage.open(root, settings));
    }

    public Storage storage() {
        return storage;
    }

    public URI uri() {
        return storage.uri();
    }

    /** Takes the store's lease for {@code owner}; see {@link StoreLease#acquire}. */
    public StoreLease lock(LeaseOwner owner, LeaseSettings settings, Clock clock) throws IOException, LeaseHeldException {
        return StoreLease.acquire(storage, owner, settings, clock);
    }

    /**
     * Copies the complete checkpoint {@code source} (any store; read with CRC32C checks) into
     * {@code models/<id>/}, adding {@code extraMetrics} to its manifest's. Fails if {@code id} exists.
     */
    public ModelEntry importModel(String id, Checkpoint source, Map<String, Double> extraMetrics) throws IOException {
        checkId(id);
        CheckpointStore target = checkpoints(id);
        if (target.latest().isPresent()) {
            throw new FileAlreadyExistsException("model '" + id + "' already exists in " + uri() + "; models are never rewritten");
        }
        Map<String, StreamWriter> files = new LinkedHashMap<>();
        for (String name : source.fileNames()) {
            files.put(name, out -> {
                try (InputStream in = source.open(name)) {
                    in.transferTo(out);
                }
            });
        }
        Map<String, Double> metrics = new LinkedHashMap<>(source.metrics());
        metrics.putAll(extraMetrics);
        return entry(id, target.commit(source.round(), files, metrics));
    }

    /** Every model with a complete checkpoint, by id. */
    public List<ModelEntry> list() throws IOException {
        List<ModelEntry> models = new ArrayList<>();
        FileStatus[] folders;
        try {
            folders = storage.fileSystem().listStatus(storage.resolve(MODELS));
        } catch (FileNotFoundException e) {
            return models;
        }
        for (FileStatus f : folders) {
            String id = f.getPath().getName();
            if (f.isDirectory() && ID.matcher(id).matches()) {
                find(id).ifPresent(models::add);
            }
        }
        models.sort((a, b) -> a.id().compareTo(b.id()));
        return models;
    }

    /** Model {@code id} if it exists and is complete. */
    public Optional<ModelEntry> find(String id) throws IOException {
        Optional<Checkpoint> c = checkpoint(id);
        return c.isPresent() ? Optional.of(entry(id, c.get())) : Optional.empty();
    }

    /** The complete checkpoint of model {@code id}; usable until this store is closed. */
    public Optional<Checkpoint> checkpoint(String id) throws IOException {
        checkId(id);
        return checkpoints(id).latest();
    }

    /** Model {@code id}'s {@code meta.json}: its training configuration, counters and provenance. */
    public CheckpointMeta meta(String id) throws IOException {
        Checkpoint c = require(id);
        try (InputStream in = c.open(Checkpoints.META)) {
            return Checkpoints.readMeta(in, c.uri() + "/" + Checkpoints.META);
        }
    }

    /** Model {@code id}'s checkpoint, read whole (meta and training state). */
    public RunCheckpoints.Loaded load(String id) throws IOException {
        return RunCheckpoints.load(require(id));
    }

    /** Model {@code id}'s deployable generator: EMA weights when it has them. */
    public Generator generator(String id) throws IOException {
        RunCheckpoints.Loaded loaded = load(id);
        return Checkpoints.generator(loaded.meta(), loaded.state().tensors(), true, loaded.checkpoint().uri().toString());
    }

    /** The production pointer: the last change of {@code production.jsonl}. */
    public Optional<ProductionChange> production() throws IOException {
        return production.current();
    }

    /** Every move of the production pointer, oldest first. */
    public List<ProductionChange> productionLog() throws IOException {
        return production.read();
    }

    /** Makes {@code id} production. Needs the store lease, checked right before the pointer moves. */
    public ProductionChange promote(String id, String by, String reason, StoreLease lease, Clock clock) throws IOException {
        require(id);
        Optional<ProductionChange> current = production.current();
        if (current.isPresent() && current.get().model().equals(id)) {
            throw new IllegalArgumentException("model '" + id + "' is already production");
        }
        ProductionChange change = new ProductionChange(id, current.map(ProductionChange::model).orElse(null),
                ProductionChange.PROMOTE, clock.instant().toString(), by, reason);
        lease.checkHeld();
        production.append(change);
        return change;
    }

    /**
     * Moves the pointer back to the model that was production before the current one became
     * production by promotion; repeated rollbacks walk further back through the promotions.
     */
    public ProductionChange rollback(String by, String reason, StoreLease lease, Clock clock) throws IOException {
        List<ProductionChange> log = production.read();
        if (log.isEmpty()) {
            throw new IllegalStateException(uri() + " has no production model to roll back");
        }
        String current = log.get(log.size() - 1).model();
        String target = null;
        for (int i = log.size() - 1; i >= 0 && target == null; i--) {
            ProductionChange c = log.get(i);
            if (c.action().equals(ProductionChange.PROMOTE) && c.model().equals(current)) {
                if (c.previous() == null) {
                    throw new IllegalStateException("model '" + current + "' was the first production model of " + uri()
                            + "; there is nothing before it to roll back to");
                }
                target = c.previous();
            }
        }
        if (target == null) {
            throw new IllegalStateException(uri() + ProductionLog.FILE + ": no promotion of the current model '" + current
                    + "' is recorded, so the model before it is unknown; use 'models promote' with an id");
        }
        require(target);
        ProductionChange change = new ProductionChange(target, current, ProductionChange.ROLLBACK,
                clock.instant().toString(), by, reason);
        lease.checkHeld();
        production.append(change);
        return change;
    }

    /**
     * Deletes model {@code id}. A model that was ever production is never deleted: rollback may need
     * it. On object stores the files go one by one; a half-deleted model is incomplete and so invisible.
     */
    public void delete(String id, StoreLease lease) throws IOException {
        checkId(id);
        for (ProductionChange c : production.read()) {
            if (c.model().equals(id) || id.equals(c.previous())) {
                throw new IllegalArgumentException("model '" + id + "' was production (" + ProductionLog.FILE
                        + "); it is kept for rollbacks");
            }
        }
        lease.checkHeld();
        CheckpointStore s = opened.remove(id);
        if (s != null) {
            s.close();
        }
        storage.fileSystem().delete(storage.resolve(MODELS + "/" + id), true);
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (CheckpointStore s : opened.values()) {
            try {
                s.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        opened.clear();
        storage.close();
        if (failure != null) {
            throw failure;
        }
    }

    private Checkpoint require(String id) throws IOException {
        return checkpoint(id).orElseThrow(() -> new IllegalArgumentException("no complete model '" + id + "' in " + uri()
                + "; 'srgan models list' shows what there is"));
    }

    private CheckpointStore checkpoints(String id) throws IOException {
        CheckpointStore s = opened.get(id);
        if (s == null) {
            s = CheckpointStore.open(storage.resolve(MODELS + "/" + id).toUri(), storage.configuration());
            opened.put(id, s);
        }
        return s;
    }

    private static ModelEntry entry(String id, Checkpoint c) {
        return new ModelEntry(id, c.uri(), c.round(), c.manifest().createdAt(), c.metrics());
    }

    private static void checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("model id '" + id + "' is not allowed: use 1-100 of A-Z a-z 0-9 . _ -,"
                    + " starting with a letter or digit");
        }
    }
}
