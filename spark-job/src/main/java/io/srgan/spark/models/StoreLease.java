package io.srgan.spark.models;

import io.srgan.spark.io.AtomicFile;
import io.srgan.spark.io.Storage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model store's lock: a lease with owner and expiry, kept as numbered generations
 * {@code STORE/lease/<generation>.json}. The newest generation is the lease; it is free when released
 * or expired. Acquiring creates the next generation with an {@link ExclusiveCreate}, so of concurrent
 * runs exactly one wins, and taking over a crashed run's expired lease never deletes or rewrites a
 * file another run might just have written (a single LEASE file would need compare-and-swap for that).
 * The holder renews its own generation every ttl/3 from a daemon thread, retrying a failed renewal
 * with backoff until the lease would expire, and releases it on close. An operator ends a lease with
 * {@link #unlock}: a new, released generation, which the holder (if it is alive) finds at its next check.
 */
public final class StoreLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreLease.class);
    static final String FOLDER = "lease";
    private static final Pattern NAME = Pattern.compile("(\\d{12})\\.json");

    private final Storage storage;
    private final LeaseSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService renewer;
    private volatile LeaseRecord record;
    private volatile String lostReason;
    private boolean closed;

    private StoreLease(Storage storage, LeaseSettings settings, Clock clock, LeaseRecord record) {
        this.storage = storage;
        this.settings = settings;
        this.clock = clock;
        this.record = record;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "store-lease-renewer-" + record.generation());
            t.setDaemon(true);
            return t;
        });
        long every = settings.renewEvery().toMillis();
        renewer.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lease of the store at {@code storage}'s root for {@code owner}, or throws
     * {@link LeaseHeldException} naming the holder if another run holds it. An expired lease (a crashed
     * run's) is taken over, with a warning naming it.
     */
    public static StoreLease acquire(Storage storage, LeaseOwner owner, LeaseSettings settings, Clock clock)
            throws IOException, LeaseHeldException {
        return acquire(storage, owner, settings, clock, false);
    }

    /**
     * As {@link #acquire(Storage, LeaseOwner, LeaseSettings, Clock)}; with {@code takeOverGoneHolders}, a
     * lease still valid but held by a process of this host that no longer runs ({@link LeaseOwner#isGoneFromThisHost()})
     * is taken over at once, as an expired one would be, instead of blocking until its expiry.
     */
    public static StoreLease acquire(Storage storage, LeaseOwner owner, LeaseSettings settings, Clock clock,
                                     boolean takeOverGoneHolders) throws IOException, LeaseHeldException {
        Instant now = clock.instant();
        Optional<Generation> newest = newest(storage, settings, now);
        long next = 1;
        if (newest.isPresent()) {
            Generation g = newest.get();
            if (g.record() == null) {
                throw new LeaseHeldException("model store " + storage.uri(), null);
            }
            boolean gone = takeOverGoneHolders && g.record().heldAt(now) && g.record().owner().isGoneFromThisHost();
            if (g.record().heldAt(now) && !gone) {
                throw new LeaseHeldException("model store " + storage.uri(), g.record());
            }
            if (gone) {
                LOG.warn("Taking over the lease of {} on {}: that process no longer runs on this host", g.record().owner(),
                        storage.uri());
            } else if (!g.record().released()) {
                LOG.warn("Taking over the lease of {} on {}: it expired at {} without being released (crashed run?)",
                        g.record().owner(), storage.uri(), g.record().expiresAt());
            }
            next = g.number() + 1;
        }
        LeaseRecord mine = new LeaseRecord(next, UUID.randomUUID().toString(), owner, now.toString(),
                now.plus(settings.ttl()).toString(), false);
        Path path = path(storage, next);
        if (!ExclusiveCreate.forStorage(storage, settings.settle()).create(path, StoreJson.mapper().writeValueAsBytes(mine))) {
            // another run created this generation first: name it
            Optional<Generation> winner = newest(storage, settings, clock.instant());
            throw new LeaseHeldException("model store " + storage.uri(), winner.map(Generation::record).orElse(null));
        }
        LOG.info("Lease {} on {} taken by {} until {}", next, storage.uri(), owner, mine.expiresAt());
        pruneOlder(storage, next - 1);
        return new StoreLease(storage, settings, clock, mine);
    }

    /**
     * Ends the lease of the store at {@code storage}'s root for an operator ({@code srgan models unlock}),
     * whoever holds it: creates the next generation, released, owned by {@code by}. A holder that is
     * still alive finds its lease superseded at its next {@link #checkHeld} or renewal and changes
     * nothing more; a change it is making at that very moment may still complete. Returns the lease
     * that was held; empty when it was free (released or expired), and then nothing is written.
     */
    public static Optional<LeaseRecord> unlock(Storage storage, LeaseOwner by, LeaseSettings settings, Clock clock)
            throws IOException {
        ExclusiveCreate create = ExclusiveCreate.forStorage(storage, settings.settle());
        while (true) {
            Instant now = clock.instant();
            Optional<Generation> newest = newest(storage, settings, now);
            if (newest.isEmpty() || (newest.get().record() != null && !newest.get().record().heldAt(now))) {
                return Optional.empty();
            }
            Generation held = newest.get();
            if (held.record() == null) {
                throw new IOException("lease file " + path(storage, held.number()) + " is being written or is damaged;"
                        + " run the command again in a moment");
            }
            LeaseRecord ended = new LeaseRecord(held.number() + 1, UUID.randomUUID().toString(), by, now.toString(),
                    now.toString(), true);
            if (create.create(path(storage, ended.generation()), StoreJson.mapper().writeValueAsBytes(ended))) {
                LOG.warn("Lease {} on {} of {} (since {}) ended by {}", held.number(), storage.uri(), held.record().owner(),
                        held.record().acquiredAt(), by);
                return Optional.of(held.record());
            }
            // another process took or ended the lease meanwhile: look again
        }
    }

    /** The newest lease generation of the store, held or not; empty if none was ever taken. */
    public static Optional<LeaseRecord> current(Storage storage) throws IOException {
        TreeMap<Long, FileStatus> all = generations(storage);
        if (all.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(read(storage, all.lastEntry().getValue().getPath()));
    }

    public LeaseRecord record() {
        return record;
    }

    public LeaseSettings settings() {
        return settings;
    }

    /**
     * Throws {@link LeaseLostException} unless this process still holds the lease: renewal has not
     * failed, no newer generation exists, its file still has this acquisition's token and it has not
     * expired. Call it right before every change to the store.
     */
    public synchronized void checkHeld() throws IOException {
        if (closed) {
            throw new LeaseLostException("the lease on " + storage.uri() + " was released");
        }
        if (lostReason != null) {
            throw new LeaseLostException(lostReason);
        }
        LeaseRecord mine = record;
        TreeMap<Long, FileStatus> all = generations(storage);
        if (all.isEmpty() || all.lastKey() != mine.generation()) {
            LeaseRecord newer = all.isEmpty() ? null : read(storage, all.lastEntry().getValue().getPath());
            throw lost("lease " + mine.generation() + " on " + storage.uri() + " was superseded by generation "
                    + (all.isEmpty() ? "none (the lease folder is empty)" : all.lastKey()
                    + (newer == null ? "" : " of " + newer.owner() + (newer.released() ? ", which ended it" : ""))));
        }
        LeaseRecord onStore = read(storage, all.lastEntry().getValue().getPath());
        if (onStore == null || !mine.token().equals(onStore.token())) {
            throw lost("lease " + mine.generation() + " on " + storage.uri() + " now belongs to "
                    + (onStore == null ? "an unreadable writer" : onStore.owner()));
        }
        if (!mine.heldAt(clock.instant())) {
            throw lost("lease " + mine.generation() + " on " + storage.uri() + " expired at " + mine.expiresAt()
                    + " before it was renewed");
        }
    }

    /**
     * Extends the lease by the ttl from now, after checking that it is still held. A failure to reach
     * the store is retried with backoff for as long as the lease is valid; only a lease that was taken
     * over or ended ({@link LeaseLostException} at once), or that expires before a renewal gets
     * through, is lost.
     */
    public void renew() throws IOException {
        Duration ttl = settings.ttl();
        Backoff backoff = new Backoff(min(Duration.ofSeconds(1), ttl.dividedBy(30)), ttl.dividedBy(10));
        for (int attempt = 1; ; attempt++) {
            try {
                renewOnce();
                return;
            } catch (LeaseLostException | InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                Duration wait = backoff.delay(attempt);
                if (!clock.instant().plus(wait).isBefore(record.expiry())) {
                    throw lost("lease " + record.generation() + " on " + storage.uri() + " could not be renewed before it expired at "
                            + record.expiresAt() + " (" + attempt + " attempts; last: " + e.getMessage() + ")");
                }
                LOG.warn("Renewing lease {} on {} failed (attempt {}): {}; retrying in {} (valid until {})", record.generation(),
                        storage.uri(), attempt, String.valueOf(e.getMessage()).lines().findFirst().orElse(""), wait,
                        record.expiresAt());
                Backoff.sleep(wait);
            }
        }
    }

    private synchronized void renewOnce() throws IOException {
        checkHeld();
        LeaseRecord renewed = record.renewedUntil(clock.instant().plus(settings.ttl()));
        byte[] json = StoreJson.mapper().writeValueAsBytes(renewed);
        AtomicFile.write(storage, path(storage, renewed.generation()), out -> out.write(json));
        record = renewed;
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (InterruptedIOException e) {
            // closing
        } catch (IOException | RuntimeException e) {
            if (lostReason == null) {
                lostReason = "renewing lease " + record.generation() + " on " + storage.uri() + " failed: " + e.getMessage();
            }
            LOG.error("{}; this run will not change the store", lostReason);
            renewer.shutdown(); // lost for good: nothing left to renew
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Stops renewing and releases the lease, so the next run need not wait for the expiry. */
    @Override
    public void close() throws IOException {
        renewer.shutdownNow(); // first, outside the lock: interrupts a renewal that is waiting to retry
        release();
    }

    private synchronized void release() throws IOException {
        if (closed) {
            return;
        }
        try {
            checkHeld();
            LeaseRecord released = record.releasedAt(clock.instant());
            byte[] json = StoreJson.mapper().writeValueAsBytes(released);
            AtomicFile.write(storage, path(storage, released.generation()), out -> out.write(json));
            record = released;
            LOG.info("Lease {} on {} released", released.generation(), storage.uri());
        } catch (LeaseLostException e) {
            LOG.warn("Not releasing: {}", e.getMessage());
        } finally {
            closed = true;
        }
    }

    private LeaseLostException lost(String reason) {
        lostReason = reason;
        return new LeaseLostException(reason);
    }

    /** A generation file and its content; null content when it cannot be parsed. */
    private record Generation(long number, LeaseRecord record) {
    }

    private static Optional<Generation> newest(Storage storage, LeaseSettings settings, Instant now) throws IOException {
        TreeMap<Long, FileStatus> all = generations(storage);
        if (all.isEmpty()) {
            return Optional.empty();
        }
        FileStatus status = all.lastEntry().getValue();
        LeaseRecord record = read(storage, status.getPath());
        if (record == null && Instant.ofEpochMilli(status.getModificationTime()).plus(settings.ttl()).isBefore(now)) {
            // unreadable and older than a lease can live: treat it as a released one
            LOG.warn("Lease file {} cannot be read and is older than the ttl; passing over it", status.getPath());
            record = new LeaseRecord(all.lastKey(), "", new LeaseOwner("unknown", -1, "unknown"), now.toString(),
                    now.toString(), true);
        }
        return Optional.of(new Generation(all.lastKey(), record));
    }

    private static TreeMap<Long, FileStatus> generations(Storage storage) throws IOException {
        TreeMap<Long, FileStatus> all = new TreeMap<>();
        FileStatus[] entries;
        try {
            entries = storage.fileSystem().listStatus(storage.resolve(FOLDER));
        } catch (FileNotFoundException e) {
            return all;
        }
        for (FileStatus s : entries) {
            Matcher m = NAME.matcher(s.getPath().getName());
            if (s.isFile() && m.matches()) {
                all.put(Long.parseLong(m.group(1)), s);
            }
        }
        return all;
    }

    private static LeaseRecord read(Storage storage, Path path) throws IOException {
        try (InputStream in = storage.fileSystem().open(path)) {
            return StoreJson.mapper().readValue(in.readNBytes(64 * 1024), LeaseRecord.class);
        } catch (FileNotFoundException e) {
            return null;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            LOG.warn("Lease file {} is not a lease: {}", path, e.getOriginalMessage());
            return null;
        }
    }

    private static Path path(Storage storage, long generation) {
        return storage.resolve(FOLDER + "/" + String.format("%012d.json", generation));
    }

    /** Deletes generations up to {@code upTo}, keeping that one (the previous holder's, for the record). */
    private static void pruneOlder(Storage storage, long upTo) {
        try {
            for (var e : generations(storage).headMap(upTo, false).entrySet()) {
                storage.fileSystem().delete(e.getValue().getPath(), false);
            }
        } catch (IOException e) {
            LOG.info("Could not delete old lease generations on {}: {}", storage.uri(), e.getMessage());
        }
    }
}
