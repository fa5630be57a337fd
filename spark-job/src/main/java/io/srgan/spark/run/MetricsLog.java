package io.srgan.spark.run;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;

/**
 * A run's metrics log ({@link MetricsFiles}: {@code metrics.jsonl} and the parts after it) read back
 * ({@link MetricsLines}): round lines, validation lines, and the lines that could not be used
 * (truncated, not JSON, no step) with their part and number. Lines of other kinds (the job's
 * {@code data} line, kinds added later) are counted and passed over. A line without {@code kind}
 * comes from the single-machine job, which logs every step: it is read as a round of one step.
 * Nothing here throws on bad content: a report must render from whatever a crashed or still-running
 * job left.
 */
public final class MetricsLog {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // a diverged loss may be logged as NaN
            .build();

    private final List<RoundLine> rounds;
    private final List<ValidationLine> validations;
    private final List<SkippedLine> skipped;
    private final int perStepLines;
    private final Map<String, Integer> otherKinds;

    private MetricsLog(List<RoundLine> rounds, List<ValidationLine> validations, List<SkippedLine> skipped, int perStepLines,
                       Map<String, Integer> otherKinds) {
        this.rounds = Collections.unmodifiableList(rounds);
        this.validations = Collections.unmodifiableList(validations);
        this.skipped = Collections.unmodifiableList(skipped);
        this.perStepLines = perStepLines;
        this.otherKinds = Collections.unmodifiableMap(otherKinds);
    }

    public static MetricsLog empty() {
        return new MetricsLog(List.of(), List.of(), List.of(), 0, Map.of());
    }

    /** Reads one part of UTF-8 JSON lines as the whole log ({@code metrics.jsonl}); blank lines are passed over silently. */
    public static MetricsLog read(InputStream in) throws IOException {
        Reader reader = new Reader();
        reader.read(MetricsFiles.FIRST, in);
        return reader.log();
    }

    /** Reads the parts of a run's log ({@link MetricsFiles#list}) in order, as one log. */
    public static MetricsLog read(FileSystem fs, List<MetricsFiles.Part> parts) throws IOException {
        Reader reader = new Reader();
        for (MetricsFiles.Part part : parts) {
            try (InputStream in = fs.open(part.path())) {
                reader.read(part.name(), in);
            }
        }
        return reader.log();
    }

    /** The lines read so far, over one or more parts. */
    private static final class Reader {
        private final List<RoundLine> rounds = new ArrayList<>();
        private final List<ValidationLine> validations = new ArrayList<>();
        private final List<SkippedLine> skipped = new ArrayList<>();
        private final Map<String, Integer> otherKinds = new TreeMap<>();
        private int perStep = 0;

        void read(String file, InputStream in) throws IOException {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            long number = 0;
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                number++;
                if (text.isBlank()) continue;
                JsonNode node;
                try {
                    node = JSON.readTree(text);
                } catch (JsonEOFException e) {
                    skipped.add(new SkippedLine(file, number, "truncated: the JSON ends mid-object (a writer stopped mid-line?)"));
                    continue;
                } catch (JacksonException e) {
                    skipped.add(new SkippedLine(file, number, "not JSON (" + brief(e.getOriginalMessage()) + ")"));
                    continue;
                }
                if (node == null || !node.isObject()) {
                    skipped.add(new SkippedLine(file, number, "not a JSON object"));
                    continue;
                }
                JsonNode kind = node.get(MetricsLines.KIND);
                MetricsLines.Kind known = kind == null ? null : MetricsLines.Kind.of(kind.asText()).orElse(null);
                try {
                    if (kind == null) {
                        rounds.add(RoundLine.parse(node, true));
                        perStep++;
                    } else if (known == MetricsLines.Kind.ROUND) {
                        rounds.add(RoundLine.parse(node, false));
                    } else if (known == MetricsLines.Kind.VALIDATION) {
                        validations.add(ValidationLine.parse(node));
                    } else {
                        otherKinds.merge(brief(kind.asText()), 1, Integer::sum);
                    }
                } catch (IllegalArgumentException e) {
                    skipped.add(new SkippedLine(file, number, e.getMessage()));
                }
            }
        }

        MetricsLog log() {
            return new MetricsLog(rounds, validations, skipped, perStep, otherKinds);
        }
    }

    /** Round lines in file order. */
    public List<RoundLine> rounds() { return rounds; }

    public List<ValidationLine> validations() { return validations; }

    public List<SkippedLine> skipped() { return skipped; }

    /** How many round lines were per-step lines of the single-machine job (no {@code kind}). */
    public int perStepLines() { return perStepLines; }

    /** How many lines of each other kind ({@code data}, ...) were passed over. */
    public Map<String, Integer> otherKinds() { return otherKinds; }

    /** Every value name of the round lines, in order of first appearance. */
    public Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        rounds.forEach(r -> keys.addAll(r.values().keySet()));
        return keys;
    }

    private static String brief(String s) {
        String oneLine = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}
