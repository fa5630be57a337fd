package io.srgan.spark.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.io.Storage;
import io.srgan.spark.testing.AllStorages;
import io.srgan.spark.testing.Hdfs;
import io.srgan.spark.testing.MiniDfs;
import io.srgan.spark.testing.TestStorage;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.protocol.HdfsConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** The store lease on each real store: refusal, release, racing acquirers, takeover of an expired lease. */
class StoreLeaseTest {
    static final LeaseSettings SETTINGS = new LeaseSettings(Duration.ofHours(1), Duration.ofMillis(1000));
    static final Instant T0 = Instant.parse("2025-03-01T02:00:00Z");

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void aSecondRunIsRefusedNamingTheHolderUntilTheFirstReleases(TestStorage storage) throws Exception {
        URI store = storage.newFolder("lease");
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        try (Storage a = Storage.open(store, storage.settings()); Storage b = Storage.open(store, storage.settings())) {
            StoreLease first = StoreLease.acquire(a, new LeaseOwner("host-a", 11, "run-a"), SETTINGS, clock);
            LeaseHeldException refused = assertThrows(LeaseHeldException.class,
                    () -> StoreLease.acquire(b, new LeaseOwner("host-b", 22, "run-b"), SETTINGS, clock));
            assertTrue(refused.getMessage().contains("run-a (pid 11 on host-a)"), refused.getMessage());
            assertTrue(refused.getMessage().contains("2025-03-01T03:00:00Z"), refused.getMessage());
            first.checkHeld();
            first.close();
            assertTrue(StoreLease.current(b).orElseThrow().released());
            try (StoreLease second = StoreLease.acquire(b, new LeaseOwner("host-b", 22, "run-b"), SETTINGS, clock)) {
                assertEquals(first.record().generation() + 1, second.record().generation());
                second.checkHeld();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void ofRacingRunsExactlyOneGetsTheLease(TestStorage storage) throws Exception {
        URI store = storage.newFolder("race");
        int runs = 4;
        CyclicBarrier start = new CyclicBarrier(runs);
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        List<Storage> opened = new ArrayList<>();
        try {
            List<Future<StoreLease>> results = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                Storage s = Storage.open(store, storage.settings()); // one client each, as separate processes have
                opened.add(s);
                LeaseOwner owner = new LeaseOwner("host", i, "run-" + i);
                Callable<StoreLease> acquire = () -> {
                    start.await();
                    try {
                        return StoreLease.acquire(s, owner, SETTINGS, Clock.systemUTC());
                    } catch (LeaseHeldException e) {
                        assertNotNull(e.holder(), e.getMessage());
                        return null;
                    }
                };
                results.add(pool.submit(acquire));
            }
            List<StoreLease> winners = new ArrayList<>();
            for (Future<StoreLease> f : results) {
                if (f.get() != null) {
                    winners.add(f.get());
                }
            }
            assertEquals(1, winners.size(), "exactly one of " + runs + " racing runs holds the lease");
            StoreLease winner = winners.get(0);
            winner.checkHeld();
            assertEquals(winner.record().token(), StoreLease.current(opened.get(0)).orElseThrow().token());
            winner.close();
        } finally {
            pool.shutdownNow();
            for (Storage s : opened) {
                s.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void anExpiredLeaseIsTakenOverAndItsHolderLearnsItLostIt(TestStorage storage) throws Exception {
        URI store = storage.newFolder("stale");
        try (Storage a = Storage.open(store, storage.settings()); Storage b = Storage.open(store, storage.settings())) {
            // run-a "crashes": its lease is never renewed or released
            StoreLease crashed = StoreLease.acquire(a, new LeaseOwner("host-a", 11, "run-a"), SETTINGS,
                    Clock.fixed(T0, ZoneOffset.UTC));
            Clock later = Clock.fixed(T0.plus(SETTINGS.ttl()).plusSeconds(1), ZoneOffset.UTC);
            try (StoreLease taker = StoreLease.acquire(b, new LeaseOwner("host-b", 22, "run-b"), SETTINGS, later)) {
                assertEquals(crashed.record().generation() + 1, taker.record().generation());
                taker.checkHeld();
                LeaseLostException lost = assertThrows(LeaseLostException.class, crashed::checkHeld);
                assertTrue(lost.getMessage().contains("superseded"), lost.getMessage());
                crashed.close(); // must not release the taker's lease
                taker.checkHeld();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void renewalMovesTheExpiryAndAnUnrenewedLeaseExpires(TestStorage storage) throws Exception {
        URI store = storage.newFolder("renew");
        MutableClock clock = new MutableClock(T0);
        try (Storage a = Storage.open(store, storage.settings());
             StoreLease lease = StoreLease.acquire(a, new LeaseOwner("h", 1, "run"), SETTINGS, clock)) {
            clock.now = T0.plus(Duration.ofMinutes(50));
            lease.renew();
            assertEquals(T0.plus(Duration.ofMinutes(110)).toString(), StoreLease.current(a).orElseThrow().expiresAt());
            clock.now = T0.plus(Duration.ofMinutes(111));
            assertThrows(LeaseLostException.class, lease::checkHeld);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void anOperatorEndsAHeldLeaseAndItsHolderLearnsIt(TestStorage storage) throws Exception {
        URI store = storage.newFolder("unlock");
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        LeaseOwner operator = new LeaseOwner("ops", 7, "models unlock");
        try (Storage a = Storage.open(store, storage.settings()); Storage b = Storage.open(store, storage.settings())) {
            assertTrue(StoreLease.unlock(b, operator, SETTINGS, clock).isEmpty(), "nothing to end on a new store");
            StoreLease holder = StoreLease.acquire(a, new LeaseOwner("host-a", 11, "run-a"), SETTINGS, clock);

            LeaseRecord ended = StoreLease.unlock(b, operator, SETTINGS, clock).orElseThrow();
            assertEquals(holder.record().token(), ended.token());
            LeaseRecord now = StoreLease.current(b).orElseThrow();
            assertTrue(now.released(), now.toString());
            assertEquals(operator, now.owner());
            LeaseLostException lost = assertThrows(LeaseLostException.class, holder::checkHeld);
            assertTrue(lost.getMessage().contains("models unlock (pid 7 on ops), which ended it"), lost.getMessage());
            assertThrows(LeaseLostException.class, holder::renew);
            assertTrue(StoreLease.unlock(b, operator, SETTINGS, clock).isEmpty(), "a free lease is left as it is");

            try (StoreLease next = StoreLease.acquire(b, new LeaseOwner("host-b", 22, "run-b"), SETTINGS, clock)) {
                holder.close(); // the old holder's close must not release the new one
                next.checkHeld();
            }
        }
    }

    @Test
    @ExtendWith(MiniDfs.class)
    void renewalRidesOutAStoreThatRefusesWritesForAWhile(Hdfs hdfs) throws Exception {
        // ttl 6 s: renewed every 2 s, retried every 0.2-0.6 s after a failure. The NameNode refuses
        // every write for 3 s (safe mode), longer than one renewal period, shorter than the ttl.
        LeaseSettings settings = new LeaseSettings(Duration.ofSeconds(6), Duration.ZERO);
        URI store = hdfs.uri("/lease-renewal-" + UUID.randomUUID() + "/");
        try (Storage a = Storage.open(store, hdfs.settings());
             DistributedFileSystem admin = (DistributedFileSystem) FileSystem.newInstance(hdfs.uri(), hdfs.configuration());
             StoreLease lease = StoreLease.acquire(a, new LeaseOwner("h", 1, "run"), settings, Clock.systemUTC())) {
            Instant taken = lease.record().expiry();
            admin.setSafeMode(HdfsConstants.SafeModeAction.SAFEMODE_ENTER);
            try {
                Thread.sleep(3000); // the length of the outage, not a wait for a condition
            } finally {
                admin.setSafeMode(HdfsConstants.SafeModeAction.SAFEMODE_LEAVE);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!StoreLease.current(a).orElseThrow().expiry().isAfter(taken.plusSeconds(2)) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            lease.checkHeld();
            assertTrue(StoreLease.current(a).orElseThrow().expiry().isAfter(taken.plusSeconds(2)),
                    "renewed after the outage: " + StoreLease.current(a).orElseThrow());
        }
    }

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
