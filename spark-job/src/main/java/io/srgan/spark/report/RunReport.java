package io.srgan.spark.report;

import io.srgan.core.data.ImageDecoder;
import io.srgan.core.degrade.Degradation;
import io.srgan.core.degrade.DegradationSettings;
import io.srgan.core.train.TrainConfig;
import io.srgan.spark.config.ConfigException;
import io.srgan.spark.config.JobConfigLoader;
import io.srgan.spark.io.AtomicFile;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.Storage;
import io.srgan.spark.run.MetricsFiles;
import io.srgan.spark.run.MetricsLog;
import io.srgan.spark.run.RunFolder;
import io.srgan.spark.run.SkippedLine;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training report of a run folder (local, HDFS, S3: any Hadoop file system): charts of the
 * metrics, a crop grid of validation images through the PSNR-phase and latest generators (and, for
 * a run with degradation.enabled, a second one from the validation images degraded as it degrades
 * its training patches),
 * {@code report.html} with all of it inside, and {@code summary.json}. Renders from whatever the run
 * holds: lines it cannot read, a missing config or checkpoint are skipped and said in the report.
 * Each file is written whole or not at all (temporary name, then rename; whole-object upload on S3);
 * report.html goes last.
 */
public final class RunReport {
    static final int MAX_CROP_IMAGES = 4;
    private static final int NOTED_LINES = 20;
    private static final Logger LOG = LoggerFactory.getLogger(RunReport.class);

    private RunReport() {}

    /**
     * Renders the report of {@code run} into {@code output} ({@code run/report/} when null). Call it at
     * the end of train and retrain, or any time on a run in progress.
     */
    public static ReportResult render(URI run, HadoopSettings settings, URI output) throws IOException {
        URI runFolder = asFolder(run);
        URI outFolder = output == null ? runFolder.resolve(RunFolder.REPORT + "/") : asFolder(output);
        ReportContent content;
        try (Storage storage = Storage.open(runFolder, settings)) {
            if (!storage.fileSystem().exists(storage.root())) {
                throw new FileNotFoundException(runFolder + ": no such run folder");
            }
            content = gather(runFolder, storage, settings);
        }
        return write(content, outFolder, settings);
    }

    private static ReportContent gather(URI run, Storage storage, HadoopSettings hadoop) throws IOException {
        List<String> notes = new ArrayList<>();
        RunSettings settings = readSettings(storage, notes);
        MetricsLog log = readMetrics(storage, notes);
        ReportCheckpoints checkpoints = ReportCheckpoints.read(CheckpointStore.over(storage), settings.psnrSteps(), notes);
        settings = completed(settings, checkpoints.config());

        List<ValidationPoint> validation;
        String source;
        if (!log.validations().isEmpty()) {
            validation = log.validations().stream().map(v -> new ValidationPoint(v.step(), v.psnrY(), v.ssimY())).toList();
            source = "metrics";
        } else if (!checkpoints.manifestScores().isEmpty()) {
            validation = checkpoints.manifestScores();
            source = "checkpoints";
            notes.add("the metrics have no validation lines: validation scores are those recorded in the "
                    + validation.size() + " checkpoint(s) still kept");
        } else {
            validation = List.of();
            source = "none";
        }

        TrainingCharts charts = new TrainingCharts(log, validation, settings.psnrSteps() > 0 ? settings.psnrSteps() : -1);
        List<ChartImage> images = charts.render();
        notes.addAll(charts.notes());

        List<CropColumn> columns = List.of();
        List<CropRow> rows = List.of();
        byte[] grid = null;
        List<CropColumn> degradedColumns = List.of();
        List<CropRow> degradedRows = List.of();
        byte[] degradedGrid = null;
        if (settings.validationHr() == null) {
            notes.add("the run has no validation folder (srgan.validation.hr): no crops");
        } else if (settings.scale() <= 0) {
            notes.add("the scale is unknown (no config.json, no checkpoint): no crops");
        } else {
            // the run's own client settings (endpoints, ...) first, the caller's over them
            HadoopSettings forImages = HadoopSettings.of(settings.hadoop()).withAll(hadoop.values());
            List<ValidationImages.Named> hr;
            try {
                hr = ValidationImages.first(settings.validationHr(), MAX_CROP_IMAGES, forImages, new ImageDecoder(), notes);
            } catch (IOException e) {
                notes.add("the validation images could not be read, no crops: " + e.getMessage());
                hr = List.of();
            }
            columns = ValidationCrops.columns(settings.scale(), checkpoints.models());
            rows = ValidationCrops.rows(hr, settings.scale(), checkpoints.models(), notes);
            if (!rows.isEmpty()) grid = CropGrid.png(CropGrid.draw(settings.scale(), columns, rows));
            Degradation degradation = degradation(settings, notes);
            if (degradation != null) {
                degradedColumns = ValidationCrops.degradedColumns(settings.scale(), checkpoints.models());
                degradedRows = ValidationCrops.rows(hr, settings.scale(), checkpoints.models(), degradation, notes);
                if (!degradedRows.isEmpty()) degradedGrid = CropGrid.png(CropGrid.draw(settings.scale(), degradedColumns, degradedRows));
            }
        }
        return new ReportContent(run, Instant.now(), settings, log, validation, source, checkpoints.models(), images, columns,
                rows, grid, degradedColumns, degradedRows, degradedGrid, notes);
    }

    /** The run's degradation when it trains on degraded pairs, else null; settings it cannot use are noted. */
    private static Degradation degradation(RunSettings settings, List<String> notes) {
        if (settings.degradation() == null) return null;
        try {
            DegradationSettings d = JobConfigLoader.degradation(settings.degradation(), settings.scale());
            return d == null ? null : new Degradation(d);
        } catch (ConfigException e) {
            notes.add("the degradation settings of config.json could not be used (" + e.getMessage() + "): no degraded crops");
            return null;
        }
    }

    private static RunSettings readSettings(Storage storage, List<String> notes) {
        Path file = storage.resolve(RunFolder.CONFIG);
        try (InputStream in = storage.fileSystem().open(file)) {
            return RunSettings.read(in, file.toString());
        } catch (FileNotFoundException e) {
            notes.add(RunFolder.CONFIG + " is missing: settings taken from the newest checkpoint, no validation folder known");
        } catch (IOException e) {
            notes.add(RunFolder.CONFIG + " could not be read (" + e.getMessage() + "): settings taken from the newest checkpoint");
        }
        return RunSettings.UNKNOWN;
    }

    private static MetricsLog readMetrics(Storage storage, List<String> notes) {
        MetricsLog log;
        try {
            List<MetricsFiles.Part> parts = MetricsFiles.list(storage.fileSystem(), storage.root());
            if (parts.isEmpty()) {
                notes.add(MetricsFiles.FIRST + " is missing: no charts of the training metrics");
                return MetricsLog.empty();
            }
            log = MetricsLog.read(storage.fileSystem(), parts);
        } catch (IOException e) {
            notes.add(MetricsFiles.FIRST + " could not be read (" + e.getMessage() + "): no charts of the training metrics");
            return MetricsLog.empty();
        }
        List<SkippedLine> skipped = log.skipped();
        if (!skipped.isEmpty()) {
            String listed = skipped.stream().limit(NOTED_LINES).map(SkippedLine::toString).collect(Collectors.joining("; "));
            notes.add(0, MetricsFiles.FIRST + ": " + skipped.size() + " line(s) skipped: " + listed
                    + (skipped.size() > NOTED_LINES ? "; and " + (skipped.size() - NOTED_LINES) + " more (see summary.json)" : ""));
        }
        return log;
    }

    /** Fills what config.json did not say from the newest checkpoint's training config. */
    private static RunSettings completed(RunSettings s, Optional<TrainConfig> config) {
        if (config.isEmpty()) return s;
        TrainConfig c = config.get();
        return new RunSettings(s.scale() > 0 ? s.scale() : c.generator().scale(), s.psnrSteps() >= 0 ? s.psnrSteps() : c.psnrSteps(),
                s.steps(), s.validationHr(), s.hadoop(), s.degradation());
    }

    private static ReportResult write(ReportContent content, URI folder, HadoopSettings settings) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (ChartImage chart : content.charts()) files.put(chart.file(), chart.png());
        if (content.grid() != null) files.put(ReportContent.GRID_FILE, content.grid());
        if (content.degradedGrid() != null) files.put(ReportContent.DEGRADED_GRID_FILE, content.degradedGrid());
        List<String> names = new ArrayList<>(files.keySet());
        names.add(ReportSummary.FILE);
        names.add(ReportHtml.FILE);
        files.put(ReportSummary.FILE, ReportSummary.json(content, names));
        files.put(ReportHtml.FILE, ReportHtml.render(content));
        try (Storage out = Storage.open(folder, settings)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                AtomicFile.write(out, out.resolve(f.getKey()), stream -> stream.write(f.getValue()));
            }
        }
        LOG.info("report of {} written to {} ({} charts, {} crop rows, {} degraded crop rows, {} notes)", content.run(), folder,
                content.charts().size(), content.rows().size(), content.degradedRows().size(), content.notes().size());
        return new ReportResult(folder, names, List.copyOf(content.notes()));
    }

    /** {@code uri} with a trailing slash, so that names resolve inside it. */
    private static URI asFolder(URI uri) {
        if (uri.getScheme() == null) {
            throw new IllegalArgumentException("run URI '" + uri + "' has no scheme; write it as file:///path, hdfs://host:port/path"
                    + " or s3a://bucket/path");
        }
        String s = uri.toString();
        return s.endsWith("/") ? uri : URI.create(s + "/");
    }
}
