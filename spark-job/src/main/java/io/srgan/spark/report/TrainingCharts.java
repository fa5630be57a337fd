package io.srgan.spark.report;

import io.srgan.spark.run.MetricsLog;
import io.srgan.spark.run.RoundLine;
import io.srgan.spark.run.RoundMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The report's charts from the metrics: G and D losses (every term), D's mean logits on real and
 * fake, learning rates, validation PSNR/SSIM, throughput and the round time split. A chart with no
 * data in the run is left out with a note; so are NaN/infinite values (with the step of the first).
 */
final class TrainingCharts {
    private final MetricsLog log;
    private final List<ValidationPoint> validation;
    private final long ganStart;
    private final long runEnd;
    private final List<String> notes = new ArrayList<>();

    /** @param ganStart the first GAN-phase step, -1 when unknown */
    TrainingCharts(MetricsLog log, List<ValidationPoint> validation, long ganStart) {
        this.log = log;
        this.validation = validation;
        this.ganStart = ganStart;
        long end = log.rounds().stream().mapToLong(RoundLine::step).max().orElse(0);
        this.runEnd = Math.max(end, validation.stream().mapToLong(ValidationPoint::step).max().orElse(0));
    }

    /** What was left out and why, in the order the charts were built. */
    List<String> notes() {
        return notes;
    }

    List<ChartImage> render() throws IOException {
        Set<String> keys = log.keys();
        List<ChartImage> charts = new ArrayList<>();
        lossChart(charts, "losses_g.png", "Generator losses", keys, k -> k.startsWith(RoundMetrics.G_LOSS_PREFIX));
        lossChart(charts, "losses_d.png", "Discriminator losses", keys, k -> k.startsWith(RoundMetrics.D_LOSS_PREFIX));
        lossChart(charts, "losses_other.png", "Other losses", keys,
                k -> k.startsWith(RoundMetrics.LOSS_PREFIX) && !k.startsWith(RoundMetrics.G_LOSS_PREFIX)
                        && !k.startsWith(RoundMetrics.D_LOSS_PREFIX));

        LineChart logits = chart("D(real) and D(fake): mean logits", "mean logit");
        keys.stream().filter(k -> k.startsWith(RoundMetrics.D_OUTPUT_PREFIX)).forEach(k -> logits.add(series(k)));
        add(charts, "d_outputs.png", logits, "The discriminator's mean logit on real (HR) and generated patches;"
                + " they drift apart when D wins and meet when G fools it.");

        LineChart lr = chart("Learning rates", "learning rate");
        keys.stream().filter(k -> k.startsWith(RoundMetrics.LEARNING_RATE_PREFIX)).forEach(k -> lr.add(series(k)));
        lr.logY(logScaleSuits(lr.series()));
        add(charts, "learning_rates.png", lr, "Learning rates of G (lr_g) and D (lr_d) as the schedule set them.");

        LineChart val = chart("Validation PSNR-Y / SSIM-Y", "PSNR-Y (dB)").markers(true);
        val.add(Series.of("PSNR-Y", validation, ValidationPoint::step, ValidationPoint::psnrY));
        val.addRight(Series.of("SSIM-Y", validation, ValidationPoint::step, ValidationPoint::ssimY), "SSIM-Y");
        add(charts, "validation.png", val, "Mean PSNR and SSIM on Y of the validation images at each validation"
                + " (SSIM on the right axis). PSNR usually falls in the GAN phase while images get sharper.");

        LineChart throughput = chart("Throughput", "training patches per second");
        throughput.add(series(RoundMetrics.SAMPLES_PER_S));
        add(charts, "throughput.png", throughput, "Training patches per second over each round (all partitions).");

        LineChart time = chart("Round time split", "seconds per round");
        List<String> timeKeys = new ArrayList<>(List.of(RoundMetrics.ROUND_S));
        timeKeys.addAll(RoundMetrics.TIME_PARTS);
        // durations the contract does not name yet (keys ending in _s) join them
        keys.stream().filter(k -> k.endsWith("_s") && !k.equals(RoundMetrics.SAMPLES_PER_S) && !k.startsWith("task_")
                && !timeKeys.contains(k)).forEach(timeKeys::add);
        timeKeys.forEach(k -> time.add(series(k)));
        add(charts, "round_time.png", time, "Wall time of each round (round_s) and its parts: the slowest partition's"
                + " local steps, averaging (scheduling, the sharded exchange, assembling the new state) and broadcasting.");

        LineChart tasks = chart("Local steps per partition: median and slowest", "seconds per round");
        tasks.add(series(RoundMetrics.TASK_COMPUTE_MEDIAN_S));
        tasks.add(series(RoundMetrics.TASK_COMPUTE_MAX_S));
        add(charts, "task_times.png", tasks, "Time of each round's local steps: the median partition and the slowest"
                + " (the round waits for it). A slowest far above the median is a straggler: a busy or slow executor.");

        LineChart bytes = chart("Bytes moved per round", "bytes");
        RoundMetrics.BYTES.forEach(k -> bytes.add(series(k)));
        bytes.logY(logScaleSuits(bytes.series()));
        add(charts, "exchange_bytes.png", bytes, "What each round moved: up = the partitions' trained tensors into the"
                + " shuffle; across = what reducers fetched from other executors; to_driver = the averaged slices;"
                + " down = new broadcasts times the executors that fetched them (unchanged parts are not sent again).");

        LineChart heap = chart("Driver heap", "MB");
        heap.add(series(RoundMetrics.DRIVER_HEAP_MB));
        heap.add(series(RoundMetrics.DRIVER_HEAP_PEAK_MB));
        add(charts, "driver_heap.png", heap, "The driver's Java heap after each round's average was assembled, and"
                + " its peak during the round: flat in the number of partitions, since the average arrives in slices.");
        return charts;
    }

    private void lossChart(List<ChartImage> charts, String file, String title, Set<String> keys, Predicate<String> which)
            throws IOException {
        LineChart chart = chart(title, "loss");
        keys.stream().filter(which).forEach(k -> chart.add(series(k)));
        chart.logY(logScaleSuits(chart.series()));
        String caption = title + ", every term as logged" + (chart.isLogY() ? " (log scale)." : ".");
        // most runs log no loss outside G and D: no note for that chart
        if (!chart.isEmpty() || !file.equals("losses_other.png")) add(charts, file, chart, caption);
    }

    private LineChart chart(String title, String yTitle) {
        return new LineChart(title, yTitle).until(runEnd).ganPhaseFrom(ganStart);
    }

    private Series series(String key) {
        Series s = Series.of(key, log.rounds());
        if (s.nonFinite() > 0) {
            notes.add(key + ": " + s.nonFinite() + " NaN/infinite value(s) not plotted, the first at step " + s.firstNonFiniteStep());
        }
        return s;
    }

    private void add(List<ChartImage> charts, String file, LineChart chart, String caption) throws IOException {
        if (chart.isEmpty()) {
            notes.add(file + " left out: the run recorded no such values");
            return;
        }
        int per = chart.series().stream().mapToInt(Series::perPoint).max().orElse(1);
        String smoothing = per > 1 ? " Each point is the mean of " + per + " consecutive rounds." : "";
        charts.add(new ChartImage(file, chart.title(), caption + smoothing, chart.png()));
    }

    /**
     * Log scale when every value is positive and they span two decades or more (e.g. a pixel loss
     * beside an adversarial one, or a decaying learning rate); below that a linear axis reads better,
     * and XChart's log axis would crowd its labels.
     */
    static boolean logScaleSuits(List<Series> series) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            min = Math.min(min, s.min());
            max = Math.max(max, s.max());
        }
        return min > 0 && max / min >= 100;
    }
}
