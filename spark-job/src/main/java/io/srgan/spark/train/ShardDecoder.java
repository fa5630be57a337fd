package io.srgan.spark.train;

import io.srgan.core.data.DecodedImage;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.ImagePair;
import io.srgan.core.data.InvalidImageException;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.TransientReads;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * Decodes a partition's pairs in its executor, once: the shard is cached and each round samples
 * patches from memory. A read that fails for the store's sake is retried ({@link TransientReads});
 * a file that still cannot be used becomes a {@link ShardItem#skipped} entry naming the file and the
 * reason ({@link SkippedFile.Reason}: corrupt content, missing, unreadable through every retry, or
 * the wrong size); the run goes on without it.
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
            out.add(decode(sources.next(), decoder, conf));
        }
        return out.iterator();
    }

    private ShardItem decode(PairSource s, ImageDecoder decoder, Configuration conf) {
        DecodedImage hr;
        DecodedImage lr = null;
        try {
            hr = read(s.hr(), decoder, conf);
        } catch (IOException | RuntimeException e) {
            return ShardItem.skipped(skipped(s.hr(), e));
        }
        if (s.lr() != null) {
            try {
                lr = read(s.lr(), decoder, conf);
            } catch (IOException | RuntimeException e) {
                return ShardItem.skipped(skipped(s.lr(), e));
            }
        }
        try {
            return pair(s, hr.rgb(), lr == null ? null : lr.rgb());
        } catch (RuntimeException e) {
            return ShardItem.skipped(skipped(s.hr(), e));
        }
    }

    private ShardItem pair(PairSource s, FloatImage hr, FloatImage lr) {
        ImagePair pair;
        if (lr == null) {
            pair = ImagePair.fromHr(s.name(), hr, scale);
        } else {
            if ((long) lr.height() * scale != hr.height() || (long) lr.width() * scale != hr.width()) {
                return ShardItem.skipped(new SkippedFile(s.lr().toString(), SkippedFile.Reason.SIZE, s.lr() + ": LR is "
                        + lr.height() + "x" + lr.width() + " but HR " + s.hr() + " is " + hr.height() + "x" + hr.width()
                        + "; HR must be exactly " + scale + "x the LR"));
            }
            pair = new ImagePair(s.name(), lr, hr);
        }
        if (pair.lr().height() < lrPatch || pair.lr().width() < lrPatch) {
            return ShardItem.skipped(new SkippedFile(s.hr().toString(), SkippedFile.Reason.SIZE, s.hr() + ": LR "
                    + pair.lr().height() + "x" + pair.lr().width() + " is smaller than one " + lrPatch + "x" + lrPatch + " patch"));
        }
        return ShardItem.of(pair);
    }

    /** Bad content is corrupt; a missing file is missing; any other failure of the store, after its retries, unreadable. */
    private static SkippedFile skipped(Path file, Exception e) {
        SkippedFile.Reason reason = e instanceof InvalidImageException || e instanceof RuntimeException ? SkippedFile.Reason.CORRUPT
                : e instanceof FileNotFoundException ? SkippedFile.Reason.MISSING : SkippedFile.Reason.UNREADABLE;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new SkippedFile(file.toString(), reason, message.contains(file.toString()) ? message : file + ": " + message);
    }

    private static DecodedImage read(Path file, ImageDecoder decoder, Configuration conf) throws IOException {
        return TransientReads.withRetries(file.toString(), () -> {
            try (InputStream in = file.getFileSystem(conf).open(file)) {
                return decoder.decode(in, file.toString());
            }
        });
    }
}
