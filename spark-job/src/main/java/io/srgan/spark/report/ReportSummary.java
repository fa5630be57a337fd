package io.srgan.spark.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.srgan.spark.run.SkippedLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code summary.json}: the final figures of the run for scripts (last losses and rates, last and
 * best validation, throughput, round time split, crop PSNRs), what was skipped, and the files.
 * Non-finite numbers are written as null.
 */
final class ReportSummary {
    static final String FILE = "summary.json";

    private ReportSummary() {}

    static byte[] json(ReportContent c, List<String> files) throws JsonProcessingException {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(map(c, files));
    }

    static Map<String, Object> map(ReportContent c, List<String> files) {
        RunFigures f = c.figures();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", c.run().toString());
        m.put("generated", c.generated().toString());
        m.put("scale", c.settings().scale() > 0 ? c.settings().scale() : null);
        m.put("psnr_steps", c.settings().psnrSteps() >= 0 ? c.settings().psnrSteps() : null);
        m.put("steps", c.settings().steps() >= 0 ? c.settings().steps() : null);
        m.put("rounds_logged", c.log().rounds().size());
        m.put("other_lines", c.log().otherKinds());
        f.lastRound().ifPresent(r -> {
            m.put("last_step", r.step());
            m.put("last_round", r.round());
            m.put("last_phase", r.phase());
        });
        m.put("elapsed_s", num(f.elapsedSeconds()));
        Map<String, Object> last = new LinkedHashMap<>();
        f.lastValues().forEach((k, v) -> last.put(k, num(v)));
        m.put("final", last);

        Map<String, Object> val = new LinkedHashMap<>();
        val.put("source", c.validationSource());
        val.put("points", c.validation().size());
        f.lastValidation().ifPresent(p -> val.put("last", point(p)));
        f.bestValidation().ifPresent(p -> val.put("best", point(p)));
        m.put("validation", val);

        Map<String, Object> speed = new LinkedHashMap<>();
        speed.put("mean_samples_per_s", num(f.mean("samples_per_s")));
        speed.put("last_samples_per_s", num(last.get("samples_per_s")));
        m.put("throughput", speed);
        Map<String, Object> time = new LinkedHashMap<>();
        time.put("mean_round_s", num(f.mean("round_s")));
        for (String part : io.srgan.spark.run.RoundMetrics.TIME_PARTS) time.put("mean_" + part, num(f.mean(part)));
        m.put("round_time", time);
        Map<String, Object> cluster = new LinkedHashMap<>();
        for (String k : io.srgan.spark.run.RoundMetrics.BYTES) cluster.put("mean_" + k, num(f.mean(k)));
        cluster.put("max_driver_heap_peak_mb", num(f.max(io.srgan.spark.run.RoundMetrics.DRIVER_HEAP_PEAK_MB)));
        cluster.put("max_straggler_ratio", num(f.maxStragglerRatio()));
        m.put("cluster", cluster);

        List<Object> models = new ArrayList<>();
        for (ReportModel model : c.models()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("column", model.key());
            e.put("step", model.step());
            e.put("weights", model.ema() ? "ema" : "raw");
            e.put("checkpoint", model.checkpoint().toString());
            models.add(e);
        }
        m.put("generators", models);
        m.put("crops", crops(c.rows()));
        m.put("crops_scores", ValidationCrops.SCORE_NOTE);
        if (!c.degradedColumns().isEmpty()) {
            m.put("crops_degraded", crops(c.degradedRows()));
            m.put("crops_degraded_seed", ValidationCrops.DEGRADATION_SEED);
        }

        List<Object> skipped = new ArrayList<>();
        for (SkippedLine s : c.log().skipped()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("file", s.file());
            e.put("line", s.line());
            e.put("reason", s.reason());
            skipped.add(e);
        }
        m.put("skipped_lines", skipped);
        m.put("notes", c.notes());
        m.put("files", files);
        return m;
    }

    private static List<Object> crops(List<CropRow> rows) {
        List<Object> crops = new ArrayList<>();
        for (CropRow row : rows) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("image", row.image());
            Map<String, Object> psnr = new LinkedHashMap<>();
            Map<String, Object> ssim = new LinkedHashMap<>();
            row.scores().forEach((k, v) -> {
                psnr.put(k, num(v.psnrY()));
                ssim.put(k, num(v.ssimY()));
            });
            e.put("psnr_y", psnr);
            e.put("ssim_y", ssim);
            Map<String, Object> window = new LinkedHashMap<>();
            window.put("x", row.window().x());
            window.put("y", row.window().y());
            window.put("size", row.window().size());
            e.put("window", window);
            crops.add(e);
        }
        return crops;
    }

    private static Map<String, Object> point(ValidationPoint p) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("step", p.step());
        e.put("psnr_y", num(p.psnrY()));
        e.put("ssim_y", num(p.ssimY()));
        return e;
    }

    private static Double num(OptionalDouble v) {
        return v.isPresent() ? num(v.getAsDouble()) : null;
    }

    private static Double num(Object v) {
        return v instanceof Double d && Double.isFinite(d) ? d : null;
    }
}
