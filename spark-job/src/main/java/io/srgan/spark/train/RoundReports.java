package io.srgan.spark.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The partitions' reports of one round, on the driver: one per partition (a task that Spark ran
 * again reports again; the last report counts), with the round's mean metrics, the task times and
 * the partitions that diverged.
 */
final class RoundReports {
    private final List<PartitionReport> reports;

    private RoundReports(List<PartitionReport> reports) {
        this.reports = reports;
    }

    static RoundReports of(Collection<PartitionReport> raw) {
        TreeMap<Integer, PartitionReport> byPartition = new TreeMap<>();
        for (PartitionReport r : raw) byPartition.put(r.partition(), r);
        return new RoundReports(List.copyOf(byPartition.values()));
    }

    List<PartitionReport> all() { return reports; }
    int partitions() { return reports.size(); }

    /** The reports of partitions that trained and stayed finite: the ones in the average. */
    List<PartitionReport> averaged() {
        return reports.stream().filter(r -> r.samples() > 0 && r.divergence() == null).toList();
    }

    /** Patches trained on by the partitions in the average. */
    long samples() {
        return averaged().stream().mapToLong(PartitionReport::samples).sum();
    }

    /** "partition p on executor e: what" for each partition that diverged. */
    List<String> divergences() {
        List<String> out = new ArrayList<>();
        for (PartitionReport r : reports) {
            if (r.divergence() != null) out.add("partition " + r.partition() + " on executor " + r.executor() + ": " + r.divergence());
        }
        return out;
    }

    /** The counters every averaged partition ended the round with (they must agree). */
    Map<String, Long> counters() {
        Map<String, Long> counters = null;
        for (PartitionReport r : averaged()) {
            if (counters == null) counters = r.counters();
            else if (!counters.equals(r.counters())) {
                throw new IllegalStateException("partitions ended the round at different counters: " + counters + " vs " + r.counters());
            }
        }
        if (counters == null) throw new IllegalStateException("no partition trained: every shard is empty");
        return counters;
    }

    /** Each metric's mean over every step of every partition that trained. */
    Map<String, Double> meanMetrics() {
        Map<String, Double> sums = new TreeMap<>();
        Map<String, Long> steps = new TreeMap<>();
        for (PartitionReport r : reports) {
            r.metricSums().forEach((k, v) -> sums.merge(k, v, Double::sum));
            r.metricSteps().forEach((k, v) -> steps.merge(k, v, Long::sum));
        }
        Map<String, Double> m = new TreeMap<>();
        sums.forEach((k, v) -> m.put(k, v / steps.get(k)));
        return m;
    }

    /** The last step's metrics of the lowest-numbered partition that trained (learning rates are equal in all). */
    Map<String, Double> lastMetrics() {
        return reports.stream().filter(r -> r.samples() > 0).findFirst().map(PartitionReport::lastMetrics).orElse(Map.of());
    }

    TreeSet<String> executors() {
        TreeSet<String> e = new TreeSet<>();
        reports.forEach(r -> e.add(r.executor()));
        return e;
    }

    /** The partition whose local steps took longest (the round waits for it), or null when none trained. */
    PartitionReport slowest() {
        return reports.stream().filter(r -> r.samples() > 0).max(Comparator.comparingDouble(PartitionReport::computeSeconds)).orElse(null);
    }

    double maxComputeSeconds() {
        PartitionReport s = slowest();
        return s == null ? 0 : s.computeSeconds();
    }

    /** The median of the local steps' times over the partitions that trained. */
    double medianComputeSeconds() {
        double[] t = reports.stream().filter(r -> r.samples() > 0).mapToDouble(PartitionReport::computeSeconds).sorted().toArray();
        if (t.length == 0) return 0;
        return t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
    }

    double maxLoadSeconds() {
        return reports.stream().mapToDouble(PartitionReport::loadSeconds).max().orElse(0);
    }

    int optimizerFallbacks() {
        return (int) reports.stream().filter(PartitionReport::optimizerFallback).count();
    }
}
