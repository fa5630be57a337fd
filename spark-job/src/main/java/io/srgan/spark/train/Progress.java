package io.srgan.spark.train;

/** The console's progress line every {@code every} steps: losses, samples/s, time split, elapsed and ETA. */
final class Progress {
    private final long totalSteps;
    private final long every;
    private long startNanos = System.nanoTime();
    private long startStep = -1;
    private long lastPrinted = -1;

    Progress(long totalSteps, long every) {
        this.totalSteps = totalSteps;
        this.every = every;
    }

    /** The step this execution starts from (0, or where a resume continues): the ETA counts steps from here. */
    void startAt(long step) {
        startStep = step;
        startNanos = System.nanoTime();
    }

    /** Whether the round that ended at {@code step} crossed a multiple of {@code every} (or ended the run). */
    boolean due(long step) {
        boolean due = lastPrinted < 0 || step / every > lastPrinted / every || step == totalSteps;
        if (lastPrinted < 0) lastPrinted = step;
        return due;
    }

    void print(long step, RoundRunner.Outcome o) {
        System.out.println(line(step, (System.nanoTime() - startNanos) / 1e9, o));
        lastPrinted = step;
    }

    String line(long step, double elapsed, RoundRunner.Outcome o) {
        double eta = eta(step, elapsed);
        StringBuilder losses = new StringBuilder();
        o.reports().meanMetrics().forEach((k, v) -> {
            if (k.startsWith("l_") || k.startsWith("out_")) losses.append(k).append(' ').append(String.format("%.4g", v)).append("  ");
        });
        return String.format("step %d/%d  %s %.1f samples/s  round %.2fs (compute %.2f, averaging %.2f, broadcast %.2f)  elapsed %s  ETA %s",
                step, totalSteps, losses, o.reports().samples() / o.roundSeconds(), o.roundSeconds(), o.computeSeconds(),
                o.averagingSeconds(), o.broadcastSeconds(), clock(elapsed), clock(eta));
    }

    /** Seconds left at the pace of this execution's steps so far (not of all steps: a resumed run did the others earlier). */
    double eta(long step, double elapsed) {
        return startStep < 0 ? 0 : (totalSteps - step) * elapsed / Math.max(1, step - startStep);
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
