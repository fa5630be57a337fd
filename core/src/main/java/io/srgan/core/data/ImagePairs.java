package io.srgan.core.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches the images of an LR folder to those of an HR folder by file stem (extensions may differ).
 * An LR stem matches the HR stem itself ({@code baby.png}, the layout of {@code shared/data/LR_bicubic})
 * or the HR stem plus {@code x<scale>} ({@code 0001x4.png}, the DIV2K / EDSR layout). Pairs are
 * sorted by HR file name; what matched nothing is kept and reported, not dropped silently.
 */
public final class ImagePairs {
    private static final Pattern SCALE_SUFFIX = Pattern.compile("(.+)x(\\d+)");

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
     * {@code x<n>} suffix accepted; 0 accepts any. Two files with one stem in a folder, or an LR
     * file matching an HR stem both plainly and with a suffix, are an error naming them.
     */
    public static ImagePairs match(Path lrDir, Path hrDir, int scale) throws IOException {
        Map<String, Path> hrByStem = byStem(hrDir);
        Map<String, Path> lrForHr = new HashMap<>();
        List<Path> unmatchedLr = new ArrayList<>();
        for (Path lr : byStem(lrDir).values()) {
            String hrStem = hrStemOf(ImageFolder.stem(lr), hrByStem, scale);
            if (hrStem == null) {
                unmatchedLr.add(lr);
                continue;
            }
            Path previous = lrForHr.put(hrStem, lr);
            if (previous != null) {
                throw new IllegalArgumentException("HR " + hrByStem.get(hrStem) + " matches two LR files: " + previous + " and " + lr);
            }
        }
        List<PairFiles> pairs = new ArrayList<>();
        List<Path> unmatchedHr = new ArrayList<>();
        for (Map.Entry<String, Path> hr : hrByStem.entrySet()) {
            Path lr = lrForHr.get(hr.getKey());
            if (lr == null) {
                unmatchedHr.add(hr.getValue());
            } else {
                pairs.add(new PairFiles(hr.getKey(), lr, hr.getValue()));
            }
        }
        return new ImagePairs(lrDir, hrDir, pairs, unmatchedLr, unmatchedHr);
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

    /**
     * The HR stem that LR stem {@code lrStem} belongs to under these rules, or null; {@code hrByStem}
     * maps the HR stems to their files (any file type: local paths, Hadoop paths). The Spark job
     * pairs files on Hadoop file systems with it.
     */
    public static String hrStemOf(String lrStem, Map<String, ?> hrByStem, int scale) {
        Matcher m = SCALE_SUFFIX.matcher(lrStem);
        boolean suffixed = m.matches() && hrByStem.containsKey(m.group(1))
                && (scale <= 0 || m.group(2).equals(Integer.toString(scale)));
        boolean plain = hrByStem.containsKey(lrStem);
        if (plain && suffixed) {
            throw new IllegalArgumentException("LR stem " + lrStem + " is ambiguous: it matches HR "
                    + hrByStem.get(lrStem) + " and " + hrByStem.get(m.group(1)));
        }
        return plain ? lrStem : suffixed ? m.group(1) : null;
    }

    /** Files of a folder by stem, in file-name order; a repeated stem is an error. */
    private static Map<String, Path> byStem(Path dir) throws IOException {
        Map<String, Path> byStem = new LinkedHashMap<>();
        for (Path file : ImageFolder.list(dir)) {
            Path previous = byStem.put(ImageFolder.stem(file), file);
            if (previous != null) {
                throw new IllegalArgumentException("two images named " + ImageFolder.stem(file) + " in " + dir
                        + ": " + previous.getFileName() + " and " + file.getFileName());
            }
        }
        return byStem;
    }

    private static String names(List<Path> files) {
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            names.add(f.getFileName().toString());
        }
        return String.join(", ", names);
    }
}
