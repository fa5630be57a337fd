package io.srgan.spark.train;

import io.srgan.core.data.DecodedImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.ImageFolder;
import io.srgan.core.data.ImagePair;
import io.srgan.core.data.ImagePairs;
import io.srgan.core.data.InvalidImageException;
import io.srgan.core.data.PairFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads training pairs from local folders: LR/HR matched by name, or HR only with LR made by MATLAB
 * bicubic. A bad file is reported and skipped, not fatal; images smaller than one patch are skipped
 * and reported too. Decoding happens once; patches are drawn from memory.
 */
public final class TrainingData {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingData.class);

    private final List<ImagePair> pairs;
    private final List<String> problems;

    private TrainingData(List<ImagePair> pairs, List<String> problems) {
        this.pairs = pairs;
        this.problems = problems;
    }

    public static TrainingData load(Path hrDir, Path lrDir, int scale, int lrPatch, ImageDecoder decoder) throws IOException {
        List<ImagePair> pairs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (lrDir == null) {
            for (Path f : ImageFolder.list(hrDir)) {
                try {
                    DecodedImage hr = decoder.decode(f);
                    add(ImagePair.fromHr(ImageFolder.stem(f), hr.rgb(), scale), lrPatch, pairs, problems);
                } catch (InvalidImageException e) {
                    problems.add(e.getMessage());
                }
            }
        } else {
            for (PairFiles p : ImagePairs.match(lrDir, hrDir, scale).pairs()) {
                try {
                    add(new ImagePair(p.name(), decoder.decode(p.lr()).rgb(), decoder.decode(p.hr()).rgb()), lrPatch, pairs, problems);
                } catch (InvalidImageException | IllegalArgumentException e) {
                    problems.add(p.name() + ": " + e.getMessage());
                }
            }
        }
        problems.forEach(p -> LOG.warn("skipped training image: {}", p));
        if (pairs.isEmpty()) {
            throw new IOException(hrDir + ": no usable training images (" + problems.size() + " skipped: " + problems + ")");
        }
        return new TrainingData(pairs, problems);
    }

    private static void add(ImagePair pair, int lrPatch, List<ImagePair> pairs, List<String> problems) {
        if (pair.lr().height() < lrPatch || pair.lr().width() < lrPatch) {
            problems.add(pair.name() + ": LR " + pair.lr().height() + "x" + pair.lr().width() + " is smaller than one "
                    + lrPatch + "x" + lrPatch + " patch");
        } else {
            pairs.add(pair);
        }
    }

    public List<ImagePair> pairs() { return pairs; }

    /** Files that were skipped, each with its reason. */
    public List<String> problems() { return problems; }
}
