package io.srgan.spark.models;

import io.srgan.core.arch.Generator;
import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.spark.io.Checkpoint;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.Storage;
import io.srgan.spark.io.StreamWriter;
import io.srgan.spark.run.RunCheckpoints;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production model store on any Hadoop file system:
 *
 * <pre>
 * STORE/
 *   models/&lt;id&gt;/ckpt-&lt;step&gt;/   a complete checkpoint (meta.json, state.npz, MANIFEST.json written last)
 *   production/&lt;number&gt;.json    every move of the production pointer, one object each; the highest
 *                                is the pointer (see {@link ProductionLog}; older stores: production.jsonl)
 *   history/&lt;run-id&gt;.json       one record per retrain run (see io.srgan.spark.retrain.RunHistory)
 *   runs/&lt;run-id&gt;/             a retrain run's fine-tune: training manifest, config, metrics
 *   lease/&lt;generation&gt;.json     the store lease: held only while the store changes (see {@link StoreLease})
 *   retrain/lease/&lt;generation&gt;.json   the retraining lease: held by the one retrain run at work
 * </pre>
 *
 * Models are committed through {@link CheckpointStore} (complete or invisible on every store; CRC32C
 * checked when read), are never rewritten, and a model that was ever production is never deleted,
 * so that a rollback or a manual promotion of a kept candidate is a pointer move (retraining deletes
 * only old candidates that were never promoted). Each model folder is a run folder of one
 * checkpoint, so {@code srgan upscale --model STORE/models/<id>} works on it directly. The store
 * opens one file system client and every model is read through it.
 */
public final class ModelStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
    static final String MODELS = "models";
    static final String RETRAIN = "retrain";
    /** The retrain runs' records, {@code history/<run-id>.json} (written by io.srgan.spark.retrain.RunHistory). */
    public static final String HISTORY = "history";
    /** The retrain runs' fine-tune folders, {@code runs/<run-id>/}. */
    public static final String RUNS = "runs";
    /** How often a change of the production pointer is decided again when other writers keep taking its number. */
    private static final int CHANGE_ATTEMPTS = 10;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Storage storage;
    private final ProductionLog production;

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

    /**
     * Takes the store lease for {@code owner}, which every change of models and production needs; see
     * {@link StoreLease#acquire}. Hold it only while changing the store.
     */
    public StoreLease lock(LeaseOwner owner, LeaseSettings settings, Clock clock) throws IOException, LeaseHeldException {
        return lock(StoreLock.STORE, owner, settings, clock);
    }

    /** Takes lease {@code which} for {@code owner}, or throws {@link LeaseHeldException} naming the holder. */
    public StoreLease lock(StoreLock which, LeaseOwner owner, LeaseSettings settings, Clock clock)
            throws IOException, LeaseHeldException {
        try {
            return StoreLease.acquire(leaseRoot(which), owner, settings, clock);
        } catch (LeaseHeldException e) {
            throw new LeaseHeldException(which.guards() + " " + uri(), e.holder());
        }
    }

    /**
     * Takes lease {@code which}, waiting with backoff while another process holds it, for at most
     * {@code patience} of real time: for unattended runs, which should not give up because a command
     * held the store lease for a moment. A crashed holder's lease expires within its ttl.
     */
    public StoreLease lockWaiting(StoreLock which, LeaseOwner owner, LeaseSettings settings, Clock clock, Duration patience)
            throws IOException, LeaseHeldException {
        long deadline = System.nanoTime() + patience.toNanos();
        Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));
        for (int attempt = 1; ; attempt++) {
            try {
                return lock(which, owner, settings, clock);
            } catch (LeaseHeldException e) {
                Duration wait = backoff.delay(attempt);
                if (System.nanoTime() + wait.toNanos() > deadline) {
                    throw e;
                }
                LOG.info("{} of {} is held by {}; waiting {}", which.label(), uri(),
                        e.holder() == null ? "a writer creating it" : e.holder().owner(), wait);
                Backoff.sleep(wait);
            }
        }
    }

    /** Lease {@code which} as it is on the store: holder, since, until, released or not; empty if never taken. */
    public Optional<LeaseRecord> lease(StoreLock which) throws IOException {
        return StoreLease.current(leaseRoot(which));
    }

    /**
     * Ends lease {@code which} whoever holds it, for an operator; see {@link StoreLease#unlock}. Returns
     * the lease that was held, empty if it was free.
     */
    public Optional<LeaseRecord> unlock(StoreLock which, LeaseOwner by, LeaseSettings settings, Clock clock) throws IOException {
        return StoreLease.unlock(leaseRoot(which), by, settings, clock);
    }

    private Storage leaseRoot(StoreLock which) {
        return which == StoreLock.STORE ? storage : storage.under(RETRAIN);
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
        return entry(id, target.commit(source.step(), files, metrics));
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
        return RunCheckpoints.meta(require(id));
    }

    /** Model {@code id}'s checkpoint, read whole (meta and training state). */
    public RunCheckpoints.Loaded load(String id) throws IOException {
        return RunCheckpoints.load(require(id));
    }

    /** Model {@code id}'s deployable generator: EMA weights when it has them. */
    public Generator generator(String id) throws IOException {
        return load(id).generator(true);
    }

    /** The production pointer: the newest change of the production history. */
    public Optional<ProductionChange> production() throws IOException {
        return production.read().current();
    }

    /** Every move of the production pointer, oldest first. */
    public List<ProductionChange> productionLog() throws IOException {
        return production.read().changes();
    }

    /** Makes {@code id} production. Needs the store lease, checked right before the pointer moves. */
    public ProductionChange promote(String id, String by, String reason, StoreLease lease, Clock clock) throws IOException {
        require(id);
        return change(lease, log -> {
            Optional<ProductionChange> current = log.current();
            if (current.isPresent() && current.get().model().equals(id)) {
                throw new IllegalArgumentException("model '" + id + "' is already production");
            }
            return new ProductionChange(id, current.map(ProductionChange::model).orElse(null),
                    ProductionChange.PROMOTE, clock.instant().toString(), by, reason);
        });
    }

    /**
     * Makes {@code id} production if {@code expected} is production at the moment of the change (a
     * retrain run compares its candidate with the model it started from, and must not replace one an
     * operator promoted meanwhile). Empty, changing nothing, when production is another model.
     */
    public Optional<ProductionChange> promoteReplacing(String id, String expected, String by, String reason, StoreLease lease,
                                                       Clock clock) throws IOException {
        require(id);
        ProductionChange change = change(lease, log -> {
            String current = log.current().map(ProductionChange::model).orElse(null);
            return expected.equals(current) ? new ProductionChange(id, current, ProductionChange.PROMOTE,
                    clock.instant().toString(), by, reason) : null;
        });
        return Optional.ofNullable(change);
    }

    /**
     * Moves the pointer back to the model that was production before the current one became
     * production by promotion; repeated rollbacks walk further back through the promotions.
     */
    public ProductionChange rollback(String by, String reason, StoreLease lease, Clock clock) throws IOException {
        return change(lease, snapshot -> rollbackOf(snapshot.changes(), by, reason, clock));
    }

    private ProductionChange rollbackOf(List<ProductionChange> log, String by, String reason, Clock clock) throws IOException {
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
            throw new IllegalStateException(production.location() + ": no promotion of the current model '" + current
                    + "' is recorded, so the model before it is unknown; use 'models promote' with an id");
        }
        require(target);
        return new ProductionChange(target, current, ProductionChange.ROLLBACK, clock.instant().toString(), by, reason);
    }

    /** A decision on the production history as read; null for "no change". */
    private interface ChangeDecision {
        ProductionChange decide(ProductionLog.Snapshot log) throws IOException;
    }

    /**
     * Adds the change {@code decide} makes of the history as read, re-reading and deciding again when
     * another writer took the change's number first (possible only if two processes believe they hold
     * the lease); the lease is checked right before each write.
     */
    private ProductionChange change(StoreLease lease, ChangeDecision decide) throws IOException {
        ExclusiveCreate create = ExclusiveCreate.forStorage(storage, lease.settings().settle());
        for (int attempt = 1; attempt <= CHANGE_ATTEMPTS; attempt++) {
            ProductionLog.Snapshot log = production.read();
            ProductionChange change = decide.decide(log);
            if (change == null) {
                return null;
            }
            lease.checkHeld();
            if (production.append(log, change, create)) {
                return change;
            }
        }
        throw new IOException("the production history " + production.location() + " kept changing under this writer ("
                + CHANGE_ATTEMPTS + " attempts): another process is changing it while holding the same lease");
    }

    /**
     * Deletes the temporaries that killed writers left in the store (see {@link StoreTemporaries}): those
     * unchanged for {@link StoreTemporaries#STALE_AFTER} before {@code clock}'s now. Needs the store lease.
     */
    public List<Path> deleteStaleTemporaries(StoreLease lease, Clock clock) throws IOException {
        lease.checkHeld();
        return StoreTemporaries.deleteOlderThan(storage, clock.instant().minus(StoreTemporaries.STALE_AFTER));
    }

    /**
     * Deletes model {@code id}. A model that was ever production is never deleted: rollback may need
     * it. On object stores the files go one by one; a half-deleted model is incomplete and so invisible.
     */
    public void delete(String id, StoreLease lease) throws IOException {
        checkId(id);
        for (ProductionChange c : productionLog()) {
            if (c.model().equals(id) || id.equals(c.previous())) {
                throw new IllegalArgumentException("model '" + id + "' was production (" + production.location()
                        + "); it is kept for rollbacks");
            }
        }
        lease.checkHeld();
        storage.fileSystem().delete(storage.resolve(MODELS + "/" + id), true);
    }

    @Override
    public void close() throws IOException {
        storage.close();
    }

    private Checkpoint require(String id) throws IOException {
        return checkpoint(id).orElseThrow(() -> new IllegalArgumentException("no complete model '" + id + "' in " + uri()
                + "; 'srgan models list' shows what there is"));
    }

    /** Model {@code id}'s folder as a run folder, read through the store's own file system client. */
    private CheckpointStore checkpoints(String id) {
        return CheckpointStore.over(storage.under(MODELS + "/" + id));
    }

    private static ModelEntry entry(String id, Checkpoint c) {
        return new ModelEntry(id, c.uri(), c.step(), c.manifest().createdAt(), c.metrics());
    }

    private static void checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("model id '" + id + "' is not allowed: use 1-100 of A-Z a-z 0-9 . _ -,"
                    + " starting with a letter or digit");
        }
    }
}
