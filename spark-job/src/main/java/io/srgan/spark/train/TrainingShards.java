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
 * rerun, or a resumed run, sees the same shards. With {@code cluster.reshuffle-every}, the images
 * are dealt again every so many rounds: epoch e's deal depends only on (seed, e), so a resumed run
 * deals as the uninterrupted one did. A new deal decodes its shards from the files again, which
 * costs far less network than moving decoded images between executors.
 */
public final class TrainingShards implements AutoCloseable {
    private final JavaRDD<ShardItem> rdd;
    private final int partitions;
    private final int epoch;
    private List<Integer> usable;

    private TrainingShards(JavaRDD<ShardItem> rdd, int partitions, int epoch) {
        this.rdd = rdd;
        this.partitions = partitions;
        this.epoch = epoch;
    }

    /** The shards of deal {@code epoch} (0 = the run's first). */
    public static TrainingShards build(JavaSparkContext sc, List<PairSource> pairs, int partitions, long seed, int epoch,
                                       HadoopSettings hadoop, int scale, int lrPatch) {
        // parallelize cuts the list into equal contiguous slices, one per partition
        JavaRDD<ShardItem> rdd = sc.parallelize(order(pairs, seed, epoch), partitions)
                .mapPartitions(new ShardDecoder(hadoop, scale, lrPatch), true)
                .setName("training shards (" + pairs.size() + " pairs, " + partitions + " partitions, epoch " + epoch + ")")
                .persist(StorageLevel.MEMORY_AND_DISK());
        return new TrainingShards(rdd, partitions, epoch);
    }

    /** Shards already made (benchmarks that feed the rounds something else than decoded files). */
    static TrainingShards of(JavaRDD<ShardItem> rdd, int epoch) {
        return new TrainingShards(rdd.persist(StorageLevel.MEMORY_AND_DISK()), rdd.getNumPartitions(), epoch);
    }

    /** The pairs in shard order for the first deal: partition p of P gets positions [p·n/P, (p+1)·n/P). */
    static List<PairSource> order(List<PairSource> pairs, long seed) {
        return order(pairs, seed, 0);
    }

    /** The pairs in shard order for deal {@code epoch}: a shuffle seeded by (seed, epoch). */
    static List<PairSource> order(List<PairSource> pairs, long seed, int epoch) {
        List<PairSource> order = new ArrayList<>(pairs);
        Collections.shuffle(order, new Random(epoch == 0 ? seed : seed + 0x9E3779B97F4A7C15L * epoch));
        return order;
    }

    /** Decodes every shard now and returns the files it skipped, with their reasons. */
    public List<SkippedFile> skipped() {
        rdd.context().setJobDescription("decode training shards");
        return rdd.filter(i -> i.skipped() != null).map(ShardItem::skipped).collect();
    }

    /** Pairs decoded per partition when the shards were first decoded (later decodes may lose some: see the round reports). */
    public List<Integer> usablePerPartition() {
        if (usable == null) {
            usable = rdd.mapPartitions(it -> {
                int n = 0;
                while (it.hasNext()) if (it.next().pair() != null) n++;
                return List.of(n).iterator();
            }).collect();
        }
        return usable;
    }

    public JavaRDD<ShardItem> rdd() { return rdd; }
    public int partitions() { return partitions; }
    public int epoch() { return epoch; }

    @Override
    public void close() {
        rdd.unpersist(false);
    }
}
