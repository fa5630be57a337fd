package io.srgan.spark.train;

import io.srgan.spark.io.HadoopSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * The training pairs split into shards, one per partition, decoded once in the executors and kept
 * by Spark's block manager between rounds (memory, spilling to disk; a lost executor's shard is
 * decoded again from its files by lineage). The split is a seeded shuffle cut into equal runs, so a
 * rerun, or a resumed run, sees the same shards.
 */
public final class TrainingShards implements AutoCloseable {
    private final JavaRDD<ShardItem> rdd;
    private final int partitions;

    private TrainingShards(JavaRDD<ShardItem> rdd, int partitions) {
        this.rdd = rdd;
        this.partitions = partitions;
    }

    public static TrainingShards build(JavaSparkContext sc, List<PairSource> pairs, int partitions, long seed,
                                       HadoopSettings hadoop, int scale, int lrPatch) {
        // parallelize cuts the list into equal contiguous slices, one per partition
        JavaRDD<ShardItem> rdd = sc.parallelize(order(pairs, seed), partitions)
                .mapPartitions(new ShardDecoder(hadoop, scale, lrPatch), true)
                .setName("training shards (" + pairs.size() + " pairs, " + partitions + " partitions)")
                .persist(StorageLevel.MEMORY_AND_DISK());
        return new TrainingShards(rdd, partitions);
    }

    /** The pairs in shard order: partition p of P gets positions [p·n/P, (p+1)·n/P). */
    static List<PairSource> order(List<PairSource> pairs, long seed) {
        List<PairSource> order = new ArrayList<>(pairs);
        Collections.shuffle(order, new Random(seed));
        return order;
    }

    /** Decodes every shard now and returns the skipped files' reasons. */
    public List<String> problems() {
        rdd.context().setJobDescription("decode training shards");
        return rdd.filter(i -> i.problem() != null).map(ShardItem::problem).collect();
    }

    /** Pairs decoded per partition. */
    public List<Integer> usablePerPartition() {
        return rdd.mapPartitions(it -> {
            int n = 0;
            while (it.hasNext()) if (it.next().pair() != null) n++;
            return List.of(n).iterator();
        }).collect();
    }

    public JavaRDD<ShardItem> rdd() { return rdd; }
    public int partitions() { return partitions; }

    @Override
    public void close() {
        rdd.unpersist(false);
    }
}
