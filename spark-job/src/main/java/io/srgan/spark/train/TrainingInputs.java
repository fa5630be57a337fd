package io.srgan.spark.train;

import io.srgan.core.data.ImageFolder;
import io.srgan.core.data.StemPairing;
import io.srgan.spark.config.JobConfig;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Lists a run's training pairs on the driver, on any Hadoop file system: an HR folder (LR made by
 * bicubic), HR and LR folders matched by name (core {@link StemPairing}, the rule local folders are
 * paired by too), or a manifest file. Only names are listed here; executors decode their shards.
 * Files that cannot be paired are reported, not fatal; an HR image that several LR images match is
 * reported and paired with the last of them by name.
 *
 * <p>Manifest: UTF-8 text, one pair per line, {@code HR<TAB>LR} or {@code HR} alone; paths are
 * Hadoop paths (with a scheme, absolute, or relative to the manifest's folder) written as they are,
 * not percent-encoded: a space, {@code %}, {@code #} or {@code ?} is part of the name. Blank lines
 * and lines starting with {@code #} are ignored.
 */
public final class TrainingInputs {
    private TrainingInputs() {}

    /** The pairs (folders: sorted by name; a manifest: in its order) and the problems found while listing. */
    public record Listing(List<PairSource> pairs, List<String> problems) {}

    public static Listing list(JobConfig config, Configuration conf) throws IOException {
        int scale = config.train().generator().scale();
        if (config.trainManifest() != null) {
            Listing listed = manifest(Uris.of(config.trainManifest()), conf);
            long withLr = listed.pairs().stream().filter(p -> p.lr() != null).count();
            if (config.degradation() == null || withLr == 0) return listed;
            // degradations make every LR from its HR: an LR column would only be decoded and size-checked for nothing
            List<String> problems = new ArrayList<>(listed.problems());
            problems.add(config.trainManifest() + ": degradation.enabled makes each LR from its HR; the LR column of " + withLr
                    + " lines is not used");
            return new Listing(listed.pairs().stream().map(p -> new PairSource(p.name(), p.hr(), null)).toList(), problems);
        }
        Map<String, Path> hr = imagesByStem(Uris.of(config.trainHr()), conf);
        List<PairSource> pairs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (config.trainLr() == null) {
            hr.forEach((stem, p) -> pairs.add(new PairSource(stem, p, null)));
            return new Listing(pairs, problems);
        }
        StemPairing<Path> matched = StemPairing.pair(imagesByStem(Uris.of(config.trainLr()), conf), hr, scale);
        for (Path lr : matched.unmatchedLr()) problems.add(lr + ": LR image without an HR image of the same name");
        for (Path h : matched.unmatchedHr()) {
            problems.add(h + ": HR image without an LR image (names must be equal, or HR name + x" + scale + ")");
        }
        Map<String, Path> lrByHrStem = new HashMap<>();
        matched.pairs().forEach(p -> lrByHrStem.put(p.name(), p.lr()));
        for (StemPairing.Conflict<Path> c : matched.conflicts()) {
            Path used = c.lrs().get(c.lrs().size() - 1);
            problems.add(c.hr() + ": matches " + c.lrs().size() + " LR files, " + join(c.lrs()) + "; paired with the last, "
                    + used.getName());
            lrByHrStem.put(c.name(), used);
        }
        hr.forEach((stem, p) -> {
            Path lr = lrByHrStem.get(stem);
            if (lr != null) pairs.add(new PairSource(stem, p, lr));
        });
        return new Listing(pairs, problems);
    }

    private static String join(List<Path> files) {
        return String.join(", ", files.stream().map(Path::toString).toList());
    }

    private static Listing manifest(URI uri, Configuration conf) throws IOException {
        Path file = new Path(uri);
        FileSystem fs = FileSystem.get(uri, conf);
        Path base = fs.makeQualified(file).getParent();
        List<PairSource> pairs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) continue;
                String[] cols = line.split("\t");
                if (cols.length > 2) {
                    problems.add(uri + " line " + n + ": expected 'HR' or 'HR<TAB>LR', found " + cols.length + " columns");
                    continue;
                }
                Path hr = resolve(base, cols[0].strip());
                String name = stem(hr.getName());
                Integer previous = seen.putIfAbsent(name, n);
                if (previous != null) {
                    problems.add(uri + " line " + n + ": a second pair named '" + name + "' (first on line " + previous + "); skipped");
                    continue;
                }
                pairs.add(new PairSource(name, hr, cols.length == 2 ? resolve(base, cols[1].strip()) : null));
            }
        } catch (FileNotFoundException e) {
            throw new IOException(uri + ": training manifest not found", e);
        }
        return new Listing(pairs, problems);
    }

    /** A manifest entry as a Hadoop path: written as is, never percent-decoded (a {@code %} or {@code #} is part of the name). */
    private static Path resolve(Path base, String entry) {
        Path p = new Path(entry);
        return p.toUri().getScheme() != null || p.isAbsolute() ? p : new Path(base, entry);
    }

    /** The folder's image files by stem, in name order; a repeated stem is an error naming both files. */
    static Map<String, Path> imagesByStem(URI folder, Configuration conf) throws IOException {
        FileSystem fs = FileSystem.get(folder, conf);
        FileStatus[] statuses;
        try {
            statuses = fs.listStatus(new Path(folder));
        } catch (FileNotFoundException e) {
            throw new IOException(folder + ": no such folder", e);
        }
        java.util.Arrays.sort(statuses, java.util.Comparator.comparing(s -> s.getPath().getName()));
        List<Path> images = new ArrayList<>();
        for (FileStatus s : statuses) {
            if (s.isFile() && ImageFolder.isListedImage(s.getPath().getName())) images.add(s.getPath());
        }
        Map<String, Path> byStem;
        try {
            byStem = StemPairing.byStem(images, Path::getName, folder);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (byStem.isEmpty()) throw new IOException(folder + ": no images (" + ImageFolder.EXTENSIONS + ")");
        return byStem;
    }

    static String stem(String fileName) {
        return ImageFolder.stem(fileName);
    }
}
