package io.srgan.spark.train;

/** The console's progress line every {@code every} steps: losses, samples/s, time split, elapsed and ETA. */
final class Progress {
    private final long totalSteps;
    private final long every;
    private final long startNanos = System.nanoTime();
    private long startStep = -1;
    private long lastPrinted = -1;

    Progress(long totalSteps, long every) {
        this.totalSteps = totalSteps;
        this.every = every;
    }

    /** Whether the round that ended at {@code step} crossed a multiple of {@code every} (or ended the run). */
    boolean due(long step) {
        boolean due = lastPrinted < 0 || step / every > lastPrinted / every || step == totalSteps;
        if (lastPrinted < 0) lastPrinted = step;
        return due;
    }

    void print(long step, RoundRunner.Outcome o) {
        if (startStep < 0) startStep = step - 1;
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double eta = (totalSteps - step) * elapsed / Math.max(1, step - startStep);
        StringBuilder losses = new StringBuilder();
        o.reports().meanMetrics().forEach((k, v) -> {
            if (k.startsWith("l_") || k.startsWith("out_")) losses.append(k).append(' ').append(String.format("%.4g", v)).append("  ");
        });
        System.out.printf("step %d/%d  %s %.1f samples/s  round %.2fs (compute %.2f, averaging %.2f, broadcast %.2f)  elapsed %s  ETA %s%n",
                step, totalSteps, losses, o.reports().samples() / o.roundSeconds(), o.roundSeconds(), o.computeSeconds(),
                o.averagingSeconds(), o.broadcastSeconds(), clock(elapsed), clock(eta));
        lastPrinted = step;
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
