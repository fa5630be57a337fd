package io.srgan.core.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule pairing the images of an LR folder with those of an HR folder by file stem (extensions
 * may differ). An LR stem matches the HR stem itself ({@code baby.png}, the layout of
 * {@code shared/data/LR_bicubic}) or the HR stem plus {@code x<scale>} ({@code 0001x4.png}, the
 * DIV2K / EDSR layout). It works on names only, whatever the files are: {@link ImagePairs} pairs
 * local folders with it, the Spark job's {@code TrainingInputs} folders on Hadoop file systems. The
 * callers list the folders and decide what an unmatched file or a {@link Conflict} means to them.
 *
 * @param <F> the file type (a local path, a Hadoop path)
 */
public final class StemPairing<F> {
    private static final Pattern SCALE_SUFFIX = Pattern.compile("(.+)x(\\d+)");

    /** An LR file and the HR file it matched; {@code name}, the HR stem, names the pair. */
    public record Pair<F>(String name, F lr, F hr) {}

    /** An HR file that several LR files match, the LR files in the order of the LR listing. */
    public record Conflict<F>(String name, F hr, List<F> lrs) {
        public Conflict {
            lrs = List.copyOf(lrs);
        }
    }

    private final List<Pair<F>> pairs;
    private final List<Conflict<F>> conflicts;
    private final List<F> unmatchedLr;
    private final List<F> unmatchedHr;

    private StemPairing(List<Pair<F>> pairs, List<Conflict<F>> conflicts, List<F> unmatchedLr, List<F> unmatchedHr) {
        this.pairs = List.copyOf(pairs);
        this.conflicts = List.copyOf(conflicts);
        this.unmatchedLr = List.copyOf(unmatchedLr);
        this.unmatchedHr = List.copyOf(unmatchedHr);
    }

    /**
     * Pairs the files of two folders, each given by stem ({@link #byStem}). {@code scale}, when
     * positive, is the only {@code x<n>} suffix accepted; 0 accepts any.
     *
     * @throws IllegalArgumentException when an LR file matches two HR files (its stem is an HR stem,
     *                                  and an HR stem plus the suffix), naming the three files
     */
    public static <F> StemPairing<F> pair(Map<String, F> lrByStem, Map<String, F> hrByStem, int scale) {
        Map<String, List<F>> lrsByHrStem = new HashMap<>();
        List<F> unmatchedLr = new ArrayList<>();
        for (Map.Entry<String, F> lr : lrByStem.entrySet()) {
            String hrStem = hrStemOf(lr.getKey(), lr.getValue(), hrByStem, scale);
            if (hrStem == null) {
                unmatchedLr.add(lr.getValue());
            } else {
                lrsByHrStem.computeIfAbsent(hrStem, s -> new ArrayList<>()).add(lr.getValue());
            }
        }
        List<Pair<F>> pairs = new ArrayList<>();
        List<Conflict<F>> conflicts = new ArrayList<>();
        List<F> unmatchedHr = new ArrayList<>();
        for (Map.Entry<String, F> hr : hrByStem.entrySet()) {
            List<F> lrs = lrsByHrStem.get(hr.getKey());
            if (lrs == null) {
                unmatchedHr.add(hr.getValue());
            } else if (lrs.size() == 1) {
                pairs.add(new Pair<>(hr.getKey(), lrs.get(0), hr.getValue()));
            } else {
                conflicts.add(new Conflict<>(hr.getKey(), hr.getValue(), lrs));
            }
        }
        return new StemPairing<>(pairs, conflicts, unmatchedLr, unmatchedHr);
    }

    /** The HR files with exactly one LR file, in the order of the HR listing. */
    public List<Pair<F>> pairs() { return pairs; }

    /** The HR files with more than one LR file, in the order of the HR listing; not in {@link #pairs()}. */
    public List<Conflict<F>> conflicts() { return conflicts; }

    /** LR files with no HR file, in the order of the LR listing. */
    public List<F> unmatchedLr() { return unmatchedLr; }

    /** HR files with no LR file, in the order of the HR listing. */
    public List<F> unmatchedHr() { return unmatchedHr; }

    /** The HR stem that LR stem {@code lrStem} (file {@code lrFile}) belongs to, or null. */
    private static String hrStemOf(String lrStem, Object lrFile, Map<String, ?> hrByStem, int scale) {
        Matcher m = SCALE_SUFFIX.matcher(lrStem);
        boolean suffixed = m.matches() && hrByStem.containsKey(m.group(1))
                && (scale <= 0 || m.group(2).equals(Integer.toString(scale)));
        boolean plain = hrByStem.containsKey(lrStem);
        if (plain && suffixed) {
            throw new IllegalArgumentException("LR " + lrFile + " is ambiguous: it matches HR " + hrByStem.get(lrStem)
                    + " and HR " + hrByStem.get(m.group(1)) + " (x" + m.group(2) + ")");
        }
        return plain ? lrStem : suffixed ? m.group(1) : null;
    }

    /**
     * A folder's files by stem, in the order given (callers list them sorted by name).
     *
     * @param fileName a file's name (without its folder)
     * @param folder   names the folder in the error
     * @throws IllegalArgumentException when two files have one stem, naming both
     */
    public static <F> Map<String, F> byStem(List<F> files, Function<F, String> fileName, Object folder) {
        Map<String, F> byStem = new LinkedHashMap<>();
        for (F file : files) {
            String name = fileName.apply(file);
            F previous = byStem.put(ImageFolder.stem(name), file);
            if (previous != null) {
                throw new IllegalArgumentException("two images named " + ImageFolder.stem(name) + " in " + folder
                        + ": " + fileName.apply(previous) + " and " + name);
            }
        }
        return byStem;
    }
}
