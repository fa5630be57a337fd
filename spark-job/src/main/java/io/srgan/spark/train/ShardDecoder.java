package io.srgan.spark.train;

import io.srgan.core.data.DecodedImage;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.ImagePair;
import io.srgan.spark.io.HadoopSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * Decodes a partition's pairs in its executor, once: the shard is cached and each round samples
 * patches from memory. A file that does not decode, an LR that is not exactly 1/scale of its HR, or
 * an image smaller than one patch becomes a {@link ShardItem#skipped} entry naming the file and the
 * reason; the run goes on without it.
 */
final class ShardDecoder implements FlatMapFunction<Iterator<PairSource>, ShardItem> {
    private static final long serialVersionUID = 1L;

    private final HadoopSettings hadoop;
    private final int scale;
    private final int lrPatch;

    ShardDecoder(HadoopSettings hadoop, int scale, int lrPatch) {
        this.hadoop = hadoop;
        this.scale = scale;
        this.lrPatch = lrPatch;
    }

    @Override
    public Iterator<ShardItem> call(Iterator<PairSource> sources) {
        Configuration conf = hadoop.toConfiguration();
        ImageDecoder decoder = new ImageDecoder();
        List<ShardItem> out = new ArrayList<>();
        while (sources.hasNext()) {
            PairSource s = sources.next();
            try {
                out.add(decode(s, decoder, conf));
            } catch (IOException | RuntimeException e) {
                out.add(ShardItem.skipped(e.getMessage()));
            }
        }
        return out.iterator();
    }

    private ShardItem decode(PairSource s, ImageDecoder decoder, Configuration conf) throws IOException {
        FloatImage hr = read(s.hr(), decoder, conf).rgb();
        ImagePair pair;
        if (s.lr() == null) {
            pair = ImagePair.fromHr(s.name(), hr, scale);
        } else {
            FloatImage lr = read(s.lr(), decoder, conf).rgb();
            if ((long) lr.height() * scale != hr.height() || (long) lr.width() * scale != hr.width()) {
                return ShardItem.skipped(s.lr() + ": LR is " + lr.height() + "x" + lr.width() + " but HR " + s.hr() + " is "
                        + hr.height() + "x" + hr.width() + "; HR must be exactly " + scale + "x the LR");
            }
            pair = new ImagePair(s.name(), lr, hr);
        }
        if (pair.lr().height() < lrPatch || pair.lr().width() < lrPatch) {
            return ShardItem.skipped(s.hr() + ": LR " + pair.lr().height() + "x" + pair.lr().width() + " is smaller than one "
                    + lrPatch + "x" + lrPatch + " patch");
        }
        return ShardItem.of(pair);
    }

    private static DecodedImage read(String uri, ImageDecoder decoder, Configuration conf) throws IOException {
        URI u = URI.create(uri);
        try (InputStream in = FileSystem.get(u, conf).open(new Path(u))) {
            return decoder.decode(in, uri);
        }
    }
}
