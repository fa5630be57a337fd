package io.srgan.spark.upscale;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * What one task of the upscale stage may use, worked out on the executor that reads the headers
 * (tasks of one executor JVM share its heap and its native memory):
 * <ul>
 *   <li>heap per task = (the JVM's max heap − Spark's reserved {@value #SPARK_RESERVED_MB} MB) / tasks per JVM;</li>
 *   <li>native per task = (native budget − {@value #BACKEND_MB} MB for the native backend and the model's
 *       weights) / tasks per JVM, where the native budget is {@code --native-memory}, else
 *       {@code spark.executor.memoryOverhead} when set (YARN and Kubernetes kill an executor beyond heap +
 *       overhead), else the memory of the executor's machine or container (as the JVM sees it) minus its
 *       max heap;</li>
 *   <li>tasks per JVM = min(an executor's task slots, the stage's tasks): local mode's cores, else
 *       {@code spark.executor.cores} / {@code spark.task.cpus}, else the executor's processors.</li>
 * </ul>
 *
 * @param nativeBytes  the native budget of an executor JVM, or null to take the machine's memory beyond the heap
 * @param nativeSource where {@code nativeBytes} came from, for messages
 * @param slots        task slots of an executor JVM, or null when only the executor knows (its processors)
 * @param taskCpus     {@code spark.task.cpus}
 * @param stageTasks   tasks of the upscale stage
 */
record MemoryBudget(Long nativeBytes, String nativeSource, Integer slots, int taskCpus, int stageTasks) implements Serializable {
    static final long SPARK_RESERVED_MB = 300;
    static final long BACKEND_MB = 150;
    private static final long MB = 1L << 20;
    private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*\\d+\\s*,\\s*(\\d+)\\s*,.*]");

    /** @param nativeMemory {@code --native-memory} in bytes, or null */
    static MemoryBudget of(JavaSparkContext spark, Long nativeMemory, int stageTasks) {
        var conf = spark.getConf();
        int taskCpus = conf.getInt("spark.task.cpus", 1);
        Long nativeBytes = nativeMemory;
        String source = "--native-memory";
        if (nativeBytes == null && conf.contains("spark.executor.memoryOverhead")) {
            nativeBytes = conf.getSizeAsMb("spark.executor.memoryOverhead") * MB;
            source = "spark.executor.memoryOverhead";
        }
        if (nativeBytes == null) source = "the machine's memory beyond the heap";
        Integer cores = executorCores(spark.master(), conf.contains("spark.executor.cores") ? conf.getInt("spark.executor.cores", 1) : null);
        Integer slots = cores == null ? null : Math.max(1, cores / taskCpus);
        return new MemoryBudget(nativeBytes, source, slots, taskCpus, Math.max(1, stageTasks));
    }

    /** Cores of an executor JVM: local mode's, else {@code spark.executor.cores}, else null (the executor's processors). */
    static Integer executorCores(String master, Integer executorCores) {
        if (master.equals("local")) return 1;
        Matcher local = LOCAL.matcher(master);
        if (local.matches()) return local.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(local.group(1));
        Matcher cluster = LOCAL_CLUSTER.matcher(master);
        if (cluster.matches()) return Integer.parseInt(cluster.group(1));
        return executorCores;
    }

    /** The share of one task in this JVM. */
    TaskMemory perTask() {
        int perJvm = Math.max(1, slots != null ? slots : Runtime.getRuntime().availableProcessors() / taskCpus);
        int tasks = Math.min(perJvm, stageTasks);
        long maxHeap = Runtime.getRuntime().maxMemory();
        long nativeTotal = nativeBytes != null ? nativeBytes : machineMemory() - maxHeap;
        long heap = Math.max(0, (maxHeap - SPARK_RESERVED_MB * MB) / tasks);
        long nativeShare = Math.max(0, (nativeTotal - BACKEND_MB * MB) / tasks);
        String among = tasks == 1 ? "" : ", shared by " + tasks + " tasks per JVM";
        return new TaskMemory(heap, nativeShare,
                "max heap " + MemoryEstimate.size(maxHeap) + " less Spark's reserved " + SPARK_RESERVED_MB + " MB" + among,
                MemoryEstimate.size(nativeTotal) + " from " + nativeSource + " less " + BACKEND_MB + " MB for the backend" + among);
    }

    private static long machineMemory() {
        // container-aware on JDK 17: a cgroup limit when there is one
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    }

    /**
     * One task's share.
     *
     * @param heapSource   how the heap share was worked out, for messages
     * @param nativeSource how the native share was worked out, for messages
     */
    record TaskMemory(long heapBytes, long nativeBytes, String heapSource, String nativeSource) {
        /** Why {@code e} does not fit, with what to change; null when it fits. */
        String refusal(MemoryEstimate e) {
            if (e.heapBytes() > heapBytes) {
                return "needs about " + MemoryEstimate.size(e.heapBytes()) + " of Java heap (mostly " + e.heapPart() + "), a task has "
                        + MemoryEstimate.size(heapBytes) + " (" + heapSource + "): use a smaller --tile (the strip grows with tile × width"
                        + " × scale²), --format png for a large JPEG output, a larger executor heap (spark.executor.memory; -Xmx"
                        + " locally) or fewer tasks per executor";
            }
            if (e.nativeBytes() > nativeBytes) {
                return "needs about " + MemoryEstimate.size(e.nativeBytes()) + " of native memory (mostly " + e.nativePart() + "), a task has "
                        + MemoryEstimate.size(nativeBytes) + " (" + nativeSource + "): use a smaller --batch or --tile, or raise"
                        + " --native-memory (on YARN and Kubernetes with spark.executor.memoryOverhead)";
            }
            return null;
        }
    }
}
