package io.srgan.spark.report;

import io.srgan.spark.run.MetricsLog;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * Everything one report shows, gathered before anything is written.
 *
 * @param settings         the run's settings (from config.json, completed from the newest checkpoint)
 * @param validationSource where the validation scores came from ({@code metrics}, {@code checkpoints}, {@code none})
 * @param grid             the crop grid as PNG, null when there are no crops
 * @param degradedColumns  the columns of the degraded crop grid (runs with degradation.enabled), empty for none
 * @param degradedRows     its rows: the validation images degraded as the run degrades its training patches
 * @param degradedGrid     that grid as PNG, null when there is none
 * @param notes            what was skipped or left out, for people (skipped metrics lines included)
 */
record ReportContent(URI run, Instant generated, RunSettings settings, MetricsLog log, List<ValidationPoint> validation,
                     String validationSource, List<ReportModel> models, List<ChartImage> charts, List<CropColumn> columns,
                     List<CropRow> rows, byte[] grid, List<CropColumn> degradedColumns, List<CropRow> degradedRows,
                     byte[] degradedGrid, List<String> notes) {
    static final String GRID_FILE = "crops.png";
    static final String DEGRADED_GRID_FILE = "crops_degraded.png";

    RunFigures figures() {
        return new RunFigures(log, validation);
    }
}
