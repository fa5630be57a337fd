package io.srgan.spark.report;

import io.srgan.core.metric.ImageScore;
import io.srgan.spark.run.RoundMetrics;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code report.html}: one self-contained page (images as data URIs, inline CSS, no external
 * resource) with the summary, what was skipped, the charts and the crop grid. A small inline script
 * records on {@code <body>} how many images the browser decoded ({@code data-decoded} of
 * {@code data-images}), so a headless browser check can tell a broken image from a blank one.
 */
final class ReportHtml {
    static final String FILE = "report.html";

    private static final String STYLE = """
            body { font-family: sans-serif; margin: 24px auto; max-width: 1280px; color: #222; }
            h1 { margin-bottom: 4px; } h2 { margin-top: 32px; border-bottom: 1px solid #ddd; }
            .run { font-family: monospace; color: #555; }
            table { border-collapse: collapse; } td, th { padding: 4px 12px; text-align: left; border-bottom: 1px solid #eee; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            figure { margin: 16px 0; } figcaption { color: #555; font-size: 14px; max-width: 960px; }
            img { display: block; border: 1px solid #ddd; max-width: 100%; height: auto; }
            .notes li { color: #8a4b00; }
            """;

    // Counts the images that decoded; runs at load, when every data URI has been decoded or has failed.
    private static final String CHECK_SCRIPT = """
            window.addEventListener('load', function () {
              var imgs = Array.prototype.slice.call(document.images);
              var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; });
              document.body.setAttribute('data-decoded', String(ok.length));
              document.body.setAttribute('data-failed', imgs.filter(function (i) { return ok.indexOf(i) < 0; })
                  .map(function (i) { return i.alt; }).join('|'));
            });
            """;

    private ReportHtml() {}

    static byte[] render(ReportContent c) {
        RunFigures f = c.figures();
        int images = c.charts().size() + (c.grid() == null ? 0 : 1) + (c.degradedGrid() == null ? 0 : 1);
        StringBuilder h = new StringBuilder(1 << 20);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Training report: ")
                .append(esc(c.run().toString())).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n")
                .append("<body data-images=\"").append(images).append("\">\n");
        h.append("<h1>Training report</h1>\n<p class=\"run\">").append(esc(c.run().toString())).append("</p>\n<p>Generated ")
                .append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").format(c.generated().atOffset(ZoneOffset.UTC)))
                .append(" by srgan-spark from the run's metrics.jsonl, config.json and checkpoints.</p>\n");

        h.append("<h2>Summary</h2>\n<table>\n");
        f.lastRound().ifPresent(r -> row(h, "Steps done", r.step() + (c.settings().steps() > 0 ? " of " + c.settings().steps() : "")
                + " (round " + r.round() + (r.phase() == null ? "" : ", " + r.phase() + " phase") + ")"));
        if (c.settings().psnrSteps() >= 0) row(h, "PSNR phase", "steps 1\u2013" + c.settings().psnrSteps());
        row(h, "Round lines read", c.log().rounds().size() + (c.log().perStepLines() > 0
                ? " (" + c.log().perStepLines() + " per-step lines of the single-machine job)" : ""));
        f.elapsedSeconds().ifPresent(s -> row(h, "Elapsed (first to last line)", clock(s)));
        f.lastValidation().ifPresent(p -> row(h, "Last validation", validation(p)));
        f.bestValidation().ifPresent(p -> row(h, "Best validation", validation(p)));
        if (c.validation().isEmpty()) row(h, "Validation", "none recorded");
        f.mean(RoundMetrics.SAMPLES_PER_S).ifPresent(v -> row(h, "Mean throughput", fmt("%.1f patches/s", v)));
        OptionalDouble round = f.mean(RoundMetrics.ROUND_S);
        if (round.isPresent()) {
            StringBuilder split = new StringBuilder(fmt("%.2f s", round.getAsDouble()));
            for (String part : RoundMetrics.TIME_PARTS) {
                f.mean(part).ifPresent(v -> split.append(", ").append(part.replace("_s", "")).append(' ')
                        .append(fmt("%.0f%%", 100 * v / round.getAsDouble())));
            }
            row(h, "Mean round time", split.toString());
        }
        OptionalDouble up = f.mean(RoundMetrics.BYTES_UP);
        if (up.isPresent()) {
            row(h, "Mean bytes per round", fmt("up %.1f MB", up.getAsDouble() / 1e6)
                    + fmt(", across %.1f MB", f.mean(RoundMetrics.BYTES_ACROSS).orElse(0) / 1e6)
                    + fmt(", to the driver %.1f MB", f.mean(RoundMetrics.BYTES_TO_DRIVER).orElse(0) / 1e6)
                    + fmt(", down %.1f MB", f.mean(RoundMetrics.BYTES_DOWN).orElse(0) / 1e6));
        }
        f.max(RoundMetrics.DRIVER_HEAP_PEAK_MB).ifPresent(v -> row(h, "Driver heap, highest peak", fmt("%.0f MB", v)));
        f.maxStragglerRatio().ifPresent(v -> row(h, "Slowest partition / median, worst round", fmt("%.2fx", v)));
        for (Map.Entry<String, Double> e : f.lastValues().entrySet()) {
            String k = e.getKey();
            if (k.startsWith(RoundMetrics.LOSS_PREFIX) || k.startsWith(RoundMetrics.LEARNING_RATE_PREFIX)
                    || k.startsWith(RoundMetrics.D_OUTPUT_PREFIX)) {
                row(h, "Last " + e.getKey(), fmt("%.5g", e.getValue()));
            }
        }
        h.append("</table>\n");

        h.append("<h2>Skipped and left out</h2>\n");
        if (c.notes().isEmpty()) {
            h.append("<p>Nothing: every metrics line was read and every part of the report could be drawn.</p>\n");
        } else {
            h.append("<ul class=\"notes\">\n");
            for (String n : c.notes()) h.append("<li>").append(esc(n)).append("</li>\n");
            h.append("</ul>\n");
        }

        h.append("<h2>Charts</h2>\n");
        if (c.charts().isEmpty()) h.append("<p>No metrics to plot.</p>\n");
        for (ChartImage chart : c.charts()) {
            h.append("<figure>\n");
            image(h, chart.title(), chart.png(), LineChart.WIDTH, LineChart.HEIGHT);
            h.append("<figcaption>").append(esc(chart.caption())).append(" (").append(esc(chart.file())).append(")</figcaption>\n</figure>\n");
        }

        h.append("<h2>Validation crops</h2>\n");
        if (c.grid() == null) {
            h.append("<p>No crops (see above).</p>\n");
        } else {
            int scale = c.settings().scale();
            h.append("<figure>\n");
            image(h, "validation crops", c.grid(), CropGrid.width(scale, c.columns().size()), CropGrid.height(scale, c.rows().size()));
            h.append("<figcaption>The busiest ").append(ValidationCrops.CROP).append("\u00d7").append(ValidationCrops.CROP)
                    .append(" LR window of each image, shown at HR size. Under each crop: PSNR-Y; in the table below: PSNR-Y / SSIM-Y. ").append(esc(ValidationCrops.SCORE_NOTE))
                    .append(". (").append(ReportContent.GRID_FILE).append(")</figcaption>\n</figure>\n");
            cropTable(h, c.columns(), c.rows());
        }
        if (!c.degradedColumns().isEmpty()) {
            h.append("<h2>Validation crops, degraded inputs</h2>\n");
            if (c.degradedGrid() == null) {
                h.append("<p>No crops (see above).</p>\n");
            } else {
                int scale = c.settings().scale();
                h.append("<figure>\n");
                image(h, "validation crops, degraded inputs", c.degradedGrid(), CropGrid.width(scale, c.degradedColumns().size()),
                        CropGrid.height(scale, c.degradedRows().size()));
                h.append("<figcaption>What the run learns from and what it makes of it: each validation image degraded as the run"
                        + " degrades its training patches (its degradation settings, seed ").append(ValidationCrops.DEGRADATION_SEED)
                        .append(" per image: the LR <code>srgan degrade --seed ").append(ValidationCrops.DEGRADATION_SEED)
                        .append("</code> writes), then bicubic and each generator on that LR, and HR; the same windows as above. ")
                        .append(esc(ValidationCrops.SCORE_NOTE)).append(". (").append(ReportContent.DEGRADED_GRID_FILE)
                        .append(")</figcaption>\n</figure>\n");
                cropTable(h, c.degradedColumns(), c.degradedRows());
            }
        }
        h.append("<script>\n").append(CHECK_SCRIPT).append("</script>\n</body>\n</html>\n");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void cropTable(StringBuilder h, List<CropColumn> columns, List<CropRow> rows) {
        h.append("<table>\n<tr><th>image</th>");
        for (CropColumn col : columns) {
            if (!col.key().equals(CropColumn.HR)) h.append("<th>").append(esc(col.title() + " (" + col.detail() + ")")).append("</th>");
        }
        h.append("</tr>\n");
        for (CropRow r : rows) {
            h.append("<tr><td>").append(esc(r.image())).append("</td>");
            for (CropColumn col : columns) {
                ImageScore v = r.scores().get(col.key());
                if (!col.key().equals(CropColumn.HR)) {
                    h.append("<td class=\"n\">").append(v == null ? "" : fmt("%.2f dB", v.psnrY()) + fmt(" / %.4f", v.ssimY())).append("</td>");
                }
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void image(StringBuilder h, String alt, byte[] png, int width, int height) {
        h.append("<img alt=\"").append(esc(alt)).append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png)).append("\">\n");
    }

    private static void row(StringBuilder h, String name, String value) {
        h.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
    }

    private static String validation(ValidationPoint p) {
        return fmt("%.3f dB PSNR-Y", p.psnrY()) + (Double.isFinite(p.ssimY()) ? fmt(", %.4f SSIM-Y", p.ssimY()) : "")
                + " at step " + p.step();
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    private static String fmt(String pattern, double v) {
        return String.format(Locale.ROOT, pattern, v);
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
