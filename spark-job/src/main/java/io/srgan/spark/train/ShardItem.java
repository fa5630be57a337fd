package io.srgan.spark.train;

import io.srgan.core.data.ImagePair;
import java.io.Serializable;

/** One entry of a decoded training shard: a usable pair, or the file that was skipped and why. */
public record ShardItem(ImagePair pair, SkippedFile skipped) implements Serializable {
    static ShardItem of(ImagePair pair) { return new ShardItem(pair, null); }
    static ShardItem skipped(SkippedFile skipped) { return new ShardItem(null, skipped); }
}
