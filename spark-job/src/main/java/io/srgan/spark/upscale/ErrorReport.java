package io.srgan.spark.upscale;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code _errors.jsonl}: one JSON object per failed input, {@code {"path": ..., "reason": ...}},
 * sorted by path. Rewritten by every run (empty when nothing failed): a rerun retries what failed.
 */
final class ErrorReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorReport() {}

    static void write(List<FileOutcome> outcomes, OutputStream out) throws IOException {
        List<FileOutcome> failed = outcomes.stream()
                .filter(o -> o.status() == FileOutcome.Status.FAILED)
                .sorted(Comparator.comparing(FileOutcome::input))
                .toList();
        for (FileOutcome o : failed) {
            Map<String, String> line = new LinkedHashMap<>();
            line.put("path", o.input());
            line.put("reason", o.reason());
            out.write(JSON.writeValueAsBytes(line));
            out.write('\n');
        }
    }
}
