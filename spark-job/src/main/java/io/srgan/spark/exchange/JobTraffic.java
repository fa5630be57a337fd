package io.srgan.spark.exchange;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * What Spark itself reports about the jobs of a job group: bytes written to and read from the
 * shuffle, bytes of task results sent to the driver, task counts, and how long the stages that
 * write a shuffle took (with more tasks than slots they run in waves). Events reach a listener
 * asynchronously, after the job's action has returned, so {@link #await} waits for the job's end
 * event (which Spark posts after all its task-end events).
 */
public final class JobTraffic extends SparkListener {
    /** Spark's job-group property (SparkContext.SPARK_JOB_GROUP_ID). */
    private static final String GROUP = "spark.jobGroup.id";

    /**
     * @param shuffleWriteBytes bytes the map tasks wrote to the shuffle (what left each partition, compressed)
     * @param shuffleRemoteBytes shuffle bytes reducers fetched from other executors (crossed the network)
     * @param shuffleLocalBytes  shuffle bytes reducers read from their own executor
     * @param resultBytes        serialized task results sent to the driver
     * @param maxResultBytes     the largest single task result
     * @param tasks              successful tasks
     * @param failedTasks        failed or killed task attempts
     * @param mapStageSeconds    wall time of the stages whose tasks write a shuffle (submission to completion; 0 if unseen)
     * @param maxShuffleWriteSeconds the longest time one task spent writing its shuffle output
     * @param complete           false when the job's end was not seen in time (totals may be short)
     */
    public record Totals(long shuffleWriteBytes, long shuffleRemoteBytes, long shuffleLocalBytes, long resultBytes,
                         long maxResultBytes, int tasks, int failedTasks, double mapStageSeconds, double maxShuffleWriteSeconds,
                         boolean complete) {}

    private final Map<Integer, String> groupOfStage = new HashMap<>();
    private final Map<Integer, String> groupOfJob = new HashMap<>();
    private final Map<String, long[]> sums = new HashMap<>(); // the Totals' counters, in their order; [7] map stage ms, [8] max write ns
    private final Map<Integer, Boolean> writesShuffle = new HashMap<>();
    private final Map<String, Integer> running = new HashMap<>();

    @Override
    public synchronized void onJobStart(SparkListenerJobStart e) {
        String group = e.properties() == null ? null : e.properties().getProperty(GROUP);
        if (group == null) return;
        groupOfJob.put(e.jobId(), group);
        running.merge(group, 1, Integer::sum);
        sums.computeIfAbsent(group, g -> new long[9]);
        scala.collection.Iterator<Object> stages = e.stageIds().iterator();
        while (stages.hasNext()) groupOfStage.put((Integer) stages.next(), group);
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
        String group = groupOfStage.get(e.stageId());
        if (group == null) return;
        long[] s = sums.get(group);
        if (e.taskInfo() == null || !e.taskInfo().successful()) {
            s[6]++;
            return;
        }
        s[5]++;
        TaskMetrics m = e.taskMetrics();
        if (m == null) return;
        s[0] += m.shuffleWriteMetrics().bytesWritten();
        s[8] = Math.max(s[8], m.shuffleWriteMetrics().writeTime());
        if ("ShuffleMapTask".equals(e.taskType())) writesShuffle.put(e.stageId(), true);
        s[1] += m.shuffleReadMetrics().remoteBytesRead();
        s[2] += m.shuffleReadMetrics().localBytesRead();
        if ("ResultTask".equals(e.taskType())) {
            s[3] += m.resultSize();
            s[4] = Math.max(s[4], m.resultSize());
        }
    }

    @Override
    public synchronized void onStageCompleted(SparkListenerStageCompleted e) {
        StageInfo stage = e.stageInfo();
        String group = groupOfStage.get(stage.stageId());
        if (group == null || writesShuffle.remove(stage.stageId()) == null) return;
        if (stage.submissionTime().isDefined() && stage.completionTime().isDefined()) {
            sums.get(group)[7] += (Long) stage.completionTime().get() - (Long) stage.submissionTime().get();
        }
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd e) {
        String group = groupOfJob.remove(e.jobId());
        if (group == null) return;
        running.merge(group, -1, Integer::sum);
        notifyAll();
    }

    /**
     * The totals of {@code group}'s jobs once none of them is running (at most {@code timeout}),
     * forgetting the group. Call after the group's actions returned.
     */
    public synchronized Totals await(String group, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running.getOrDefault(group, 0) > 0 || !sums.containsKey(group)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            wait(Math.max(1, left / 1_000_000));
        }
        boolean complete = running.getOrDefault(group, 0) == 0 && sums.containsKey(group);
        long[] s = sums.getOrDefault(group, new long[9]);
        sums.remove(group);
        running.remove(group);
        groupOfStage.values().removeIf(group::equals);
        return new Totals(s[0], s[1], s[2], s[3], s[4], (int) s[5], (int) s[6], s[7] / 1e3, s[8] / 1e9, complete);
    }
}
