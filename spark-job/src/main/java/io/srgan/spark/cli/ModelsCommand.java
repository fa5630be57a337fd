package io.srgan.spark.cli;

import io.srgan.spark.io.Checkpoint;
import io.srgan.spark.io.CheckpointNames;
import io.srgan.spark.io.CheckpointReader;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.ChosenCheckpoint;
import io.srgan.spark.io.MetricGoal;
import io.srgan.spark.models.LeaseOwner;
import io.srgan.spark.models.LeaseRecord;
import io.srgan.spark.models.ModelEntry;
import io.srgan.spark.models.ModelStore;
import io.srgan.spark.models.ProductionChange;
import io.srgan.spark.models.StoreLease;
import io.srgan.spark.models.StoreLock;
import io.srgan.spark.retrain.RunHistory;
import io.srgan.spark.retrain.RunRecord;
import io.srgan.spark.run.CheckpointChoice;
import io.srgan.spark.run.RunCheckpoints;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code srgan models}: the models of a store and its production pointer. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Show the models of a model store and move its production pointer.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Promote.class, ModelsCommand.Rollback.class,
                ModelsCommand.Import.class, ModelsCommand.History.class, ModelsCommand.Unlock.class})
final class ModelsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Models, the production pointer and who holds the store's leases.")
    static final class ListModels implements Callable<Integer> {
        @Mixin StoreOptions store;

        @Override
        public Integer call() throws Exception {
            try (ModelStore s = store.open()) {
                Optional<ProductionChange> production = s.production();
                System.out.println("store:       " + s.uri());
                System.out.println("production:  " + production.map(p -> p.model() + "  (" + p.action() + " " + p.at()
                        + " by " + p.by() + ")").orElse("none"));
                System.out.println("store lease: " + describe(s.lease(StoreLock.STORE)));
                System.out.println("retraining:  " + describe(s.lease(StoreLock.RETRAINING)));
                Map<String, RunRecord> runs = new HashMap<>();
                new RunHistory(s.storage()).list().forEach(r -> runs.put(r.runId(), r));
                System.out.printf("%n  %-32s %10s  %-24s  %s%n", "model", "step", "created", "retrain result");
                for (ModelEntry m : s.list()) {
                    RunRecord r = runs.get(m.id());
                    String result = r == null || r.candidate() == null ? "" : String.format(Locale.ROOT,
                            "%s: PSNR-Y %.3f vs production %.3f", r.decision(), r.candidate().psnrY(), r.production().psnrY());
                    boolean isProduction = production.isPresent() && production.get().model().equals(m.id());
                    System.out.printf("%s %-32s %10d  %-24s  %s%n", isProduction ? "*" : " ", m.id(), m.step(), m.createdAt(), result);
                }
            }
            return 0;
        }
    }

    /** Who holds a lease, since and until when; or "free". */
    static String describe(Optional<LeaseRecord> lease) {
        return lease.filter(l -> l.heldAt(Instant.now()))
                .map(l -> "held by " + l.owner() + " since " + l.acquiredAt() + ", until " + l.expiresAt()).orElse("free");
    }

    @Command(name = "promote", mixinStandardHelpOptions = true, description = "Make a model of the store production.")
    static final class Promote implements Callable<Integer> {
        @Mixin StoreOptions store;
        @Parameters(index = "0", paramLabel = "MODEL", description = "model id (see 'models list')") String id;
        @Option(names = "--reason", defaultValue = "manual promotion", description = "recorded with the change") String reason;

        @Override
        public Integer call() throws Exception {
            try (ModelStore s = store.open(); StoreLease lease = store.lock(s, "models promote")) {
                ProductionChange c = s.promote(id, "models promote", reason, lease, Clock.systemUTC());
                System.out.println("production: " + c.model() + " (was " + c.previous() + ")");
            }
            return 0;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Make the model that was production before the current one production again.")
    static final class Rollback implements Callable<Integer> {
        @Mixin StoreOptions store;
        @Option(names = "--reason", defaultValue = "manual rollback", description = "recorded with the change") String reason;

        @Override
        public Integer call() throws Exception {
            try (ModelStore s = store.open(); StoreLease lease = store.lock(s, "models rollback")) {
                ProductionChange c = s.rollback("models rollback", reason, lease, Clock.systemUTC());
                System.out.println("production: " + c.model() + " (rolled back from " + c.previous() + ")");
            }
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Copy a trained checkpoint into the store as a model (e.g. the first production model).")
    static final class Import implements Callable<Integer> {
        private static final Pattern LAST_SEGMENT = Pattern.compile("(.*/)([^/]+)/?");

        @Mixin StoreOptions store;
        @Option(names = "--from", required = true,
                description = "a checkpoint folder (…/ckpt-N) or a run folder (see --checkpoint)")
        String from;
        @Mixin CheckpointOption checkpoint = new CheckpointOption();
        @Option(names = "--id", required = true, description = "the model's id in the store") String id;
        @Option(names = "--promote", description = "also make it production") boolean promote;

        @Override
        public Integer call() throws Exception {
            URI source = URI.create(from).getScheme() == null ? Path.of(from).toAbsolutePath().toUri() : URI.create(from);
            Matcher m = LAST_SEGMENT.matcher(source.toString());
            OptionalLong step = m.matches() ? CheckpointNames.stepOf(m.group(2)) : OptionalLong.empty();
            URI runFolder = step.isPresent() ? URI.create(m.group(1)) : source;
            try (ModelStore s = store.open(); StoreLease lease = store.lock(s, "models import");
                 CheckpointStore run = CheckpointStore.open(runFolder, store.hadoop())) {
                Optional<Checkpoint> c = step.isPresent() ? run.find(step.getAsLong()) : chosen(run, checkpoint.choice);
                Checkpoint checkpoint = c.orElseThrow(() -> new IllegalArgumentException(from + ": no complete checkpoint there"));
                ModelEntry e = s.importModel(id, checkpoint, Map.of());
                System.out.println("imported " + checkpoint.uri() + " as " + e.id() + " (" + e.uri() + ")");
                if (promote) {
                    ProductionChange p = s.promote(id, "models import", "imported from " + checkpoint.uri(), lease, Clock.systemUTC());
                    System.out.println("production: " + p.model() + " (was " + p.previous() + ")");
                }
            }
            return 0;
        }

        /** The run's intact checkpoint by {@code choice}; says which and why. */
        private static Optional<Checkpoint> chosen(CheckpointStore run, CheckpointChoice choice) throws java.io.IOException {
            Optional<CheckpointChoice.Picked<Checkpoint>> c = choice.read(run, CheckpointReader.verified());
            c.ifPresent(p -> {
                p.chosen().passedOver().forEach(d -> System.err.println("passing over damaged " + d));
                System.err.println("checkpoint: " + p.chosen().checkpoint().uri() + " (" + p.why() + ")");
            });
            return c.map(p -> p.chosen().value());
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true,
            description = {"End the store's leases now instead of waiting for them to expire, when their holder is gone"
                    + " (a killed retrain run or command; 'models list' shows the holders).",
                    "If a holder is in fact still running, it loses its lease: for the store lease, a change it is making at"
                            + " that moment may still complete, then its next change is refused; for the retraining lease,"
                            + " its fine-tune is wasted (it stores and promotes nothing; the next retrain run takes its days"
                            + " over). A holder running on this machine is refused unless --force."})
    static final class Unlock implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Mixin StoreOptions store;
        @Option(names = "--lease", defaultValue = "all", paramLabel = "store|retraining|all",
                description = "which lease to end (default: ${DEFAULT-VALUE})") String which;
        @Option(names = "--force", description = "also end a lease whose holder is a running process on this machine")
        boolean force;

        @Override
        public Integer call() throws Exception {
            List<StoreLock> locks = switch (which) {
                case "store" -> List.of(StoreLock.STORE);
                case "retraining" -> List.of(StoreLock.RETRAINING);
                case "all" -> List.of(StoreLock.values());
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "--lease must be store, retraining or all, got '" + which + "'");
            };
            try (ModelStore s = store.open()) {
                for (StoreLock lock : locks) {
                    Optional<LeaseRecord> held = s.lease(lock).filter(l -> l.heldAt(Instant.now()));
                    if (held.isPresent() && !force && held.get().owner().runsOnThisMachine()) {
                        throw new IllegalStateException("the " + lock.label() + " of " + s.uri() + " is held by "
                                + held.get().owner() + ", a process running on this machine; stop it first, or use --force"
                                + " (then " + lock.brokenIfAlive() + ")");
                    }
                }
                LeaseOwner me = LeaseOwner.thisProcess("models unlock");
                for (StoreLock lock : locks) {
                    Optional<LeaseRecord> ended = s.unlock(lock, me, store.leaseSettings(), Clock.systemUTC());
                    System.out.println(lock.label() + ": " + ended.map(l -> "ended the lease of " + l.owner() + " (since "
                            + l.acquiredAt() + ", valid until " + l.expiresAt() + "). If that process is still running, "
                            + lock.brokenIfAlive() + ".").orElse("was free"));
                }
            }
            return 0;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "The retrain runs, oldest first.")
    static final class History implements Callable<Integer> {
        @Mixin StoreOptions store;

        @Override
        public Integer call() throws Exception {
            try (ModelStore s = store.open()) {
                for (RunRecord r : new RunHistory(s.storage()).list()) {
                    String images = r.inputs() == null ? "" : r.inputs().newImages() + " new + " + r.inputs().replayImages() + " replayed, ";
                    System.out.printf("%s  %-11s %s%s%n", r.runId(), r.decision(), images, r.reason());
                }
            }
            return 0;
        }
    }
}
