package io.srgan.spark.run;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where a run folder keeps its metrics log: the one definition the training job writes by and the
 * report reads by. The log is JSON lines in parts: {@code metrics.jsonl} first, then
 * {@code metrics.000001.jsonl}, {@code metrics.000002.jsonl}, ... in that order. Each part holds whole
 * lines and is replaced whole (object stores cannot append), so a writer rewrites only its last
 * part; once a part reaches {@link #PART_BYTES} the log goes on in the next. A run written before
 * parts existed has {@code metrics.jsonl} alone, of any size, and reads the same.
 */
public final class MetricsFiles {
    /** The first part, and the whole log of a short run. */
    public static final String FIRST = "metrics.jsonl";
    /** The size at which the writer starts a new part: a flush writes at most this much (or one longer line). */
    public static final long PART_BYTES = 256 * 1024;

    private static final Pattern NEXT = Pattern.compile("metrics\\.(\\d{6,9})\\.jsonl");

    private MetricsFiles() {
    }

    /** One part of the log: its position in the log (0 for {@code metrics.jsonl}) and where it is. */
    public record Part(int index, Path path) {
        public String name() {
            return path.getName();
        }
    }

    /** The name of part {@code index}. */
    public static String name(int index) {
        if (index < 0) throw new IllegalArgumentException("metrics part index " + index + " < 0");
        return index == 0 ? FIRST : String.format("metrics.%06d.jsonl", index);
    }

    /** Part {@code index} of the log in {@code run}. */
    public static Part part(Path run, int index) {
        return new Part(index, new Path(run, name(index)));
    }

    /** The parts present in {@code run}, in log order; none if the folder does not exist. */
    public static List<Part> list(FileSystem fs, Path run) throws IOException {
        FileStatus[] files;
        try {
            files = fs.listStatus(run);
        } catch (FileNotFoundException e) {
            return List.of();
        }
        List<Part> parts = new ArrayList<>();
        for (FileStatus f : files) {
            if (f.isDirectory()) continue;
            String name = f.getPath().getName();
            if (name.equals(FIRST)) {
                parts.add(new Part(0, f.getPath()));
                continue;
            }
            Matcher m = NEXT.matcher(name);
            if (m.matches() && Integer.parseInt(m.group(1)) > 0) parts.add(new Part(Integer.parseInt(m.group(1)), f.getPath()));
        }
        parts.sort(Comparator.comparingInt(Part::index));
        return parts;
    }
}
