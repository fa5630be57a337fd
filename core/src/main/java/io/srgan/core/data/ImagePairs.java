package io.srgan.core.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Matches the images of a local LR folder to those of a local HR folder by file name, by the rule of
 * {@link StemPairing} (the LR name is the HR name, or the HR name + {@code x<scale>}; extensions may
 * differ). Pairs are sorted by HR file name; what matched nothing is kept and reported, not dropped
 * silently.
 */
public final class ImagePairs {
    private final Path lrDir;
    private final Path hrDir;
    private final List<PairFiles> pairs;
    private final List<Path> unmatchedLr;
    private final List<Path> unmatchedHr;

    private ImagePairs(Path lrDir, Path hrDir, List<PairFiles> pairs, List<Path> unmatchedLr, List<Path> unmatchedHr) {
        this.lrDir = lrDir;
        this.hrDir = hrDir;
        this.pairs = List.copyOf(pairs);
        this.unmatchedLr = List.copyOf(unmatchedLr);
        this.unmatchedHr = List.copyOf(unmatchedHr);
    }

    /**
     * Matches the two folders ({@link ImageFolder#list}). {@code scale}, when positive, is the only
     * {@code x<n>} suffix accepted; 0 accepts any. Two files with one stem in a folder, an LR file
     * matching an HR stem both plainly and with a suffix, or an HR file matched by two LR files are an
     * error naming them.
     */
    public static ImagePairs match(Path lrDir, Path hrDir, int scale) throws IOException {
        StemPairing<Path> matched = StemPairing.pair(byStem(lrDir), byStem(hrDir), scale);
        if (!matched.conflicts().isEmpty()) {
            StemPairing.Conflict<Path> c = matched.conflicts().get(0);
            throw new IllegalArgumentException("HR " + c.hr() + " matches " + c.lrs().size() + " LR files: "
                    + c.lrs().stream().map(Path::toString).collect(Collectors.joining(", ")));
        }
        List<PairFiles> pairs = matched.pairs().stream().map(p -> new PairFiles(p.name(), p.lr(), p.hr())).toList();
        return new ImagePairs(lrDir, hrDir, pairs, matched.unmatchedLr(), matched.unmatchedHr());
    }

    /** The matched pairs, sorted by HR file name. */
    public List<PairFiles> pairs() { return pairs; }

    /** LR files with no HR file, sorted by name. */
    public List<Path> unmatchedLr() { return unmatchedLr; }

    /** HR files with no LR file, sorted by name. */
    public List<Path> unmatchedHr() { return unmatchedHr; }

    /** The pairs, or an error listing every unmatched file when there is one (or no pair at all). */
    public List<PairFiles> requireComplete() {
        if (unmatchedLr.isEmpty() && unmatchedHr.isEmpty() && !pairs.isEmpty()) {
            return pairs;
        }
        StringBuilder sb = new StringBuilder("LR folder " + lrDir + " and HR folder " + hrDir + " do not match: "
                + pairs.size() + " pairs");
        if (!unmatchedHr.isEmpty()) {
            sb.append("; HR without LR: ").append(names(unmatchedHr));
        }
        if (!unmatchedLr.isEmpty()) {
            sb.append("; LR without HR: ").append(names(unmatchedLr));
        }
        throw new IllegalArgumentException(sb.append(" (LR names must be the HR name, or the HR name + x<scale>)").toString());
    }

    /** Files of a folder by stem, in file-name order; a repeated stem is an error. */
    private static Map<String, Path> byStem(Path dir) throws IOException {
        return StemPairing.byStem(ImageFolder.list(dir), f -> f.getFileName().toString(), dir);
    }

    private static String names(List<Path> files) {
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            names.add(f.getFileName().toString());
        }
        return String.join(", ", names);
    }
}
