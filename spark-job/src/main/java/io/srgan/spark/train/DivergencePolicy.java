package io.srgan.spark.train;

import io.srgan.spark.config.DivergenceAction;
import io.srgan.core.train.TrainState;
import io.srgan.spark.config.JobConfig;
import io.srgan.spark.run.MetricsLines;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the run does after a round diverged (a partition's losses or weights, or the average, not
 * finite). The round is always rolled back: the state before it stays, and nothing of the round is
 * averaged in or checkpointed. Then {@code train.on-divergence}: stop; skip-round (continue after
 * the round's steps, from the state before it); halve-lr (run the same round again with both
 * learning rates halved, and keep them halved). After {@code train.divergence-limit} rollbacks the
 * run stops whatever the policy. Rollbacks and halvings are counters of the state, so checkpoints
 * carry them and a resumed run continues with the same rates.
 */
final class DivergencePolicy {
    /** Counter: rounds rolled back so far in the run. */
    static final String ROLLBACKS = "divergence_rollbacks";
    /** Counter: times the learning rates were halved. */
    static final String HALVINGS = "lr_halvings";

    private final JobConfig.Divergence settings;

    DivergencePolicy(JobConfig.Divergence settings) {
        this.settings = settings;
    }

    /** The learning-rate factor for rounds run from {@code state}: 2^-halvings. */
    double lrFactor(StateArrays state) {
        return Math.pow(0.5, state.counters().getOrDefault(HALVINGS, 0L));
    }

    /**
     * @param stop    whether the run stops
     * @param state   the state to continue from (the state before the round, with updated counters)
     * @param message one line for the console and the exception
     * @param line    the metrics line recording it
     */
    record Decision(boolean stop, StateArrays state, String message, Map<String, Object> line) {}

    Decision decide(StateArrays before, RoundRunner.Round round, List<String> what) {
        long step = before.counter(TrainState.STEP);
        long rollbacks = before.counters().getOrDefault(ROLLBACKS, 0L) + 1;
        Map<String, Long> counters = new TreeMap<>(before.counters());
        counters.put(ROLLBACKS, rollbacks);
        DivergenceAction action = rollbacks > settings.limit() ? DivergenceAction.STOP : DivergenceAction.parse(settings.policy());
        String then = switch (action) {
            case SKIP_ROUND -> {
                counters.put(TrainState.STEP, step + round.steps());
                counters.put(TrainJob.ROUND, round.number());
                yield "continuing at step " + (step + round.steps()) + " without this round's updates (train.on-divergence = skip-round)";
            }
            case HALVE_LR -> {
                long halvings = counters.getOrDefault(HALVINGS, 0L) + 1;
                counters.put(HALVINGS, halvings);
                yield "running it again with learning rates x" + Math.pow(0.5, halvings) + " from now on (train.on-divergence = halve-lr)";
            }
            case STOP -> rollbacks > settings.limit()
                    ? "stopping: " + rollbacks + " rounds diverged, more than train.divergence-limit = " + settings.limit()
                    : "stopping (train.on-divergence = stop; skip-round or halve-lr would continue; or lower the learning rates,"
                    + " add a warm-up)";
        };
        String message = String.format("round %d (steps %d-%d) diverged: %s. Rolled back to the state before it (step %d); %s",
                round.number(), step + 1, step + round.steps(), String.join("; ", what), step, then);
        Map<String, Object> line = MetricsLines.divergence(round.number(), step, round.steps(), action.label(), rollbacks,
                Math.pow(0.5, counters.getOrDefault(HALVINGS, 0L)), what.subList(0, Math.min(20, what.size())));
        return new Decision(action == DivergenceAction.STOP, before.withCounters(counters), message, line);
    }
}
