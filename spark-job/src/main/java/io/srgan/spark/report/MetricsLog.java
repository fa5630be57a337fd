package io.srgan.spark.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.srgan.spark.run.MetricsFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;

/**
 * A run's metrics log ({@link MetricsFiles}: {@code metrics.jsonl} and the parts after it) read for
 * the report: round lines, validation lines, and the lines that could not be used (truncated, not
 * JSON, no step) with their part and number. Lines of other kinds
 * (the job's {@code data} line, kinds added later) are counted and passed over. A line
 * without {@code kind} comes from the single-machine job, which logs every step: it is read as a
 * round of one step. Nothing here throws on bad content: a report must render from whatever a
 * crashed or still-running job left.
 */
public final class MetricsLog {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // a diverged loss may be logged as NaN
            .build();
    private static final Set<String> ROUND_FIELDS = Set.of("kind", "round", "step", "phase");

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
                JsonNode kind = node.get("kind");
                try {
                    if (kind == null) {
                        rounds.add(round(number, node, true));
                        perStep++;
                    } else if ("round".equals(kind.asText())) {
                        rounds.add(round(number, node, false));
                    } else if ("validation".equals(kind.asText())) {
                        validations.add(validation(number, node));
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

    private static RoundLine round(long number, JsonNode node, boolean perStep) {
        long step = integer(node, "step");
        long round = perStep || !node.has("round") ? step : integer(node, "round");
        JsonNode phase = node.get("phase");
        Map<String, Double> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (ROUND_FIELDS.contains(field.getKey())) continue;
            Double v = number(field.getValue());
            if (v != null) values.put(field.getKey(), v);
        }
        return new RoundLine(number, round, step, phase == null || !phase.isTextual() ? null : phase.asText(), values);
    }

    private static ValidationLine validation(long number, JsonNode node) {
        long step = integer(node, "step");
        Double psnr = number(node.get("val_psnr_y"));
        if (psnr == null) throw new IllegalArgumentException("validation line without a number 'val_psnr_y'");
        Double ssim = number(node.get("val_ssim_y"));
        Double images = number(node.get("images"));
        JsonNode generator = node.get("generator");
        return new ValidationLine(number, step, node.has("round") ? integer(node, "round") : -1, psnr,
                ssim == null ? Double.NaN : ssim, images == null ? 0 : images.intValue(),
                generator == null || !generator.isTextual() ? null : generator.asText());
    }

    private static long integer(JsonNode node, String field) {
        Double v = number(node.get(field));
        if (v == null || v != Math.rint(v) || v < 0) {
            throw new IllegalArgumentException("no whole non-negative number '" + field + "'");
        }
        return v.longValue();
    }

    /** A number, or one of the non-finite values written as a string ("NaN", "Infinity"); else null. */
    private static Double number(JsonNode v) {
        if (v == null) return null;
        if (v.isNumber()) return v.doubleValue();
        if (v.isTextual()) {
            switch (v.asText()) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: return null;
            }
        }
        return null;
    }

    private static String brief(String s) {
        String oneLine = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}
