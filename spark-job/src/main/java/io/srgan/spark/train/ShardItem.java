package io.srgan.spark.train;

import io.srgan.core.data.ImagePair;
import java.io.Serializable;

/** One entry of a decoded training shard: a usable pair, or the reason its files were skipped. */
public record ShardItem(ImagePair pair, String problem) implements Serializable {
    static ShardItem of(ImagePair pair) { return new ShardItem(pair, null); }
    static ShardItem skipped(String problem) { return new ShardItem(null, problem); }
}
