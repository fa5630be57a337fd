package io.srgan.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.models.LeaseLostException;
import io.srgan.spark.models.LeaseOwner;
import io.srgan.spark.models.ModelStore;
import io.srgan.spark.models.StoreLease;
import io.srgan.spark.models.StoreLock;
import io.srgan.spark.retrain.RetrainConfigLoader;
import io.srgan.spark.retrain.RunHistory;
import io.srgan.spark.retrain.RunRecord;
import io.srgan.spark.testing.UntrainedRuns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code srgan models ...} and {@code srgan retrain} as users type them, on a local store. */
class ModelsCommandTest {

    @Test
    void importPromoteListAndRollBack(@TempDir Path dir) throws Exception {
        Path runA = tinyRun(dir.resolve("run-a"), 1);
        Path runB = tinyRun(dir.resolve("run-b"), 2);
        String store = dir.resolve("store").toString();

        assertEquals(0, run("models", "import", "--store", store, "--from", runA.toString(), "--id", "a", "--promote").code);
        assertEquals(0, run("models", "import", "--store", store, "--from", runB.resolve("ckpt-00000000").toString(), "--id", "b").code);
        Result list = run("models", "list", "--store", store);
        assertTrue(list.out.contains("production:  a"), list.out);
        assertTrue(list.out.contains("* a "), list.out);
        assertTrue(list.out.contains("store lease: free"), list.out);
        assertTrue(list.out.contains("retraining:  free"), list.out);

        assertEquals(0, run("models", "promote", "--store", store, "b").code);
        assertTrue(run("models", "list", "--store", store).out.contains("* b "));
        Result back = run("models", "rollback", "--store", store);
        assertEquals(0, back.code, back.err);
        assertTrue(back.out.contains("production: a (rolled back from b)"), back.out);
        try (ModelStore s = ModelStore.open(dir.resolve("store").toUri(), HadoopSettings.empty())) {
            assertEquals("a", s.production().orElseThrow().model());
        }
        Result again = run("models", "rollback", "--store", store);
        assertEquals(2, again.code);
        assertTrue(again.err.contains("nothing before it"), again.err);
    }

    @Test
    void aRetrainWhileAnotherRunsExitsWith75ButTheStoreStillChangesAndAnOperatorCanUnlock(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("retrain.conf");
        Files.writeString(conf, "include file(\"" + Path.of("../conf/quickstart.conf").toAbsolutePath() + "\")\n"
                + "srgan.retrain { store = \"" + dir.resolve("store") + "\", incoming = \"" + dir.resolve("in")
                + "\", validation-hr = \"sample-data/val\" }\n");
        String store = dir.resolve("store").toString();
        assertEquals(0, run("models", "import", "--store", store, "--from", tinyRun(dir.resolve("run-a"), 1).toString(), "--id", "a").code);
        try (ModelStore s = ModelStore.open(dir.resolve("store").toUri(), HadoopSettings.empty())) {
            StoreLease held = s.lock(StoreLock.RETRAINING, new LeaseOwner("other-host", 4242, "nightly-1"),
                    RetrainConfigLoader.referenceLease(), Clock.systemUTC());
            Result r = run("retrain", "--config", conf.toString());
            assertEquals(ExitCodes.LOCKED, r.code, r.err);
            assertTrue(r.out.contains("locked by nightly-1 (pid 4242 on other-host) since " + held.record().acquiredAt()), r.out);
            List<RunRecord> history = new RunHistory(s.storage()).list();
            assertEquals(1, history.size());
            assertEquals(RunRecord.REFUSED, history.get(0).decision());

            Result promote = run("models", "promote", "--config", conf.toString(), "a");
            assertEquals(0, promote.code, "a retrain run at work does not lock the store: " + promote.err);
            Result list = run("models", "list", "--config", conf.toString());
            assertTrue(list.out.contains("store lease: free"), list.out);
            assertTrue(list.out.contains("retraining:  held by nightly-1 (pid 4242 on other-host) since "
                    + held.record().acquiredAt() + ", until " + held.record().expiresAt()), list.out);

            Result unlock = run("models", "unlock", "--config", conf.toString());
            assertEquals(0, unlock.code, unlock.err);
            assertTrue(unlock.out.contains("store lease: was free"), unlock.out);
            assertTrue(unlock.out.contains("retraining lease: ended the lease of nightly-1 (pid 4242 on other-host)"), unlock.out);
            assertTrue(unlock.out.contains("If that process is still running, its fine-tune is wasted"), unlock.out);
            assertThrows(LeaseLostException.class, held::checkHeld);
            assertTrue(run("models", "list", "--config", conf.toString()).out.contains("retraining:  free"));
            held.close();
        }
    }

    @Test
    void unlockRefusesToEndTheLeaseOfAProcessRunningHereUnlessForced(@TempDir Path dir) throws Exception {
        String store = dir.resolve("store").toString();
        try (ModelStore s = ModelStore.open(dir.resolve("store").toUri(), HadoopSettings.empty());
             StoreLease mine = s.lock(LeaseOwner.thisProcess("models import"), RetrainConfigLoader.referenceLease(), Clock.systemUTC())) {
            Result refused = run("models", "unlock", "--store", store);
            assertEquals(2, refused.code);
            assertTrue(refused.err.contains("a process running on this machine; stop it first, or use --force"), refused.err);
            mine.checkHeld();

            Result forced = run("models", "unlock", "--store", store, "--lease", "store", "--force");
            assertEquals(0, forced.code, forced.err);
            assertTrue(forced.out.contains("store lease: ended the lease of models import"), forced.out);
            assertThrows(LeaseLostException.class, mine::checkHeld);
        }
    }

    private static Path tinyRun(Path dir, long seed) throws Exception {
        return UntrainedRuns.untrained(dir, UntrainedRuns.config(seed));
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = Srgan.commandLine().setErr(new PrintWriter(err, true)).execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }
}
