package io.srgan.spark.report;

import io.srgan.core.data.FloatImage;
import io.srgan.core.data.MatlabBicubic;
import io.srgan.core.data.ModCrop;
import io.srgan.core.degrade.Degradation;
import io.srgan.core.inference.TiledUpscaler;
import io.srgan.core.metric.ImageScore;
import io.srgan.core.metric.SrMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The crops of the report: for each validation image, LR made as in validation (MATLAB bicubic ×1/s
 * of HR cropped to a multiple of s), then LR enlarged by pixel repetition, bicubic, each generator's
 * SR, and HR, all cut to the busiest LR window. PSNR-Y and SSIM-Y are measured on the whole image by the
 * evaluation protocol ({@link SrMetrics}: 8-bit, Y of BT.601, s pixels shaved at the border), so
 * the numbers match {@code srgan evaluate}; the crop only shows where to look.
 *
 * <p>For a run with {@code degradation.enabled}, the same with the LR the run learns from: each HR
 * degraded by the run's settings with the fixed seed {@link #DEGRADATION_SEED} (the file
 * {@code srgan degrade --seed 0} writes), shown in the same window as the bicubic LR, so the two
 * grids compare row by row ({@code srgan evaluate --lr} gives the same scores).
 */
final class ValidationCrops {
    static final int CROP = 48;
    static final int TILE = 128;
    static final String SCORE_NOTE = "PSNR-Y and SSIM-Y of the whole image (8-bit, BT.601 Y, scale-pixel border shaved), not of the crop";
    /** The seed of the degraded crops: image NAME is degraded as copy 0 of NAME under this seed. */
    static final long DEGRADATION_SEED = 0;

    private ValidationCrops() {}

    static List<CropColumn> columns(int scale, List<ReportModel> models) {
        List<CropColumn> columns = new ArrayList<>();
        columns.add(new CropColumn(CropColumn.LR, "LR", "\u00d7" + scale + " nearest"));
        columns.add(new CropColumn(CropColumn.BICUBIC, "Bicubic", "MATLAB \u00d7" + scale));
        for (ReportModel m : models) columns.add(new CropColumn(m.key(), m.title(), m.detail()));
        columns.add(new CropColumn(CropColumn.HR, "HR", "ground truth"));
        return columns;
    }

    /** The columns of the degraded grid: as {@link #columns}, with the degraded LR as the input. */
    static List<CropColumn> degradedColumns(int scale, List<ReportModel> models) {
        List<CropColumn> columns = new ArrayList<>();
        columns.add(new CropColumn(CropColumn.LR, "Degraded LR", "\u00d7" + scale + " nearest, seed " + DEGRADATION_SEED));
        columns.add(new CropColumn(CropColumn.BICUBIC, "Bicubic", "of the degraded LR"));
        for (ReportModel m : models) columns.add(new CropColumn(m.key(), m.title(), m.detail()));
        columns.add(new CropColumn(CropColumn.HR, "HR", "ground truth"));
        return columns;
    }

    /** One row per image; an image the protocol cannot use (e.g. smaller than the scale) is left out with a note. */
    static List<CropRow> rows(List<ValidationImages.Named> images, int scale, List<ReportModel> models, List<String> notes) {
        return rows(images, scale, models, null, notes);
    }

    /**
     * As {@link #rows(List, int, List, List)}, with LR by {@code degradation} (seed
     * {@link #DEGRADATION_SEED}) instead of bicubic when it is not null.
     */
    static List<CropRow> rows(List<ValidationImages.Named> images, int scale, List<ReportModel> models, Degradation degradation,
                              List<String> notes) {
        // exact tiling bounds memory on large images; the tile must exceed twice the overlap
        List<TiledUpscaler> upscalers = models.stream()
                .map(m -> TiledUpscaler.exact(m.generator(), Math.max(TILE, 2 * m.generator().receptiveFieldRadius() + 64))).toList();
        try {
            List<CropRow> rows = new ArrayList<>();
            for (ValidationImages.Named named : images) {
                try {
                    rows.add(row(named, scale, models, upscalers, degradation));
                } catch (IllegalArgumentException e) {
                    notes.add("validation image " + named.name() + " left out of the " + (degradation == null ? "" : "degraded ")
                            + "crops: " + e.getMessage());
                }
            }
            return rows;
        } finally {
            upscalers.forEach(TiledUpscaler::close);
        }
    }

    private static CropRow row(ValidationImages.Named named, int scale, List<ReportModel> models, List<TiledUpscaler> upscalers,
                               Degradation degradation) {
        FloatImage hr = ModCrop.toMultiple(named.image().rgb(), scale);
        FloatImage bicubicLr = MatlabBicubic.downscaleUint8(hr, scale);
        FloatImage lr = degradation == null ? bicubicLr
                : degradation.apply(hr, Degradation.imageSeed(DEGRADATION_SEED, named.name(), 0));
        Map<String, FloatImage> full = new LinkedHashMap<>();
        full.put(CropColumn.LR, nearest(lr, scale));
        full.put(CropColumn.BICUBIC, MatlabBicubic.upscaleUint8(lr, scale));
        for (int i = 0; i < models.size(); i++) full.put(models.get(i).key(), upscalers.get(i).upscale(lr));
        Map<String, ImageScore> scores = new LinkedHashMap<>();
        full.forEach((key, image) -> scores.put(key, SrMetrics.score(named.name(), image, named.image().colour(), scale)));
        full.put(CropColumn.HR, hr);
        CropWindow w = CropWindow.busiest(bicubicLr, CROP); // the same window in both grids
        List<FloatImage> crops = new ArrayList<>();
        for (FloatImage image : full.values()) crops.add(image.crop(w.y() * scale, w.x() * scale, w.size() * scale, w.size() * scale));
        return new CropRow(named.name(), lr.height(), lr.width(), w, crops, scores);
    }

    /** {@code image} enlarged {@code factor}× by repeating pixels. */
    static FloatImage nearest(FloatImage image, int factor) {
        int c = image.channels();
        FloatImage out = FloatImage.zeros(image.height() * factor, image.width() * factor, c);
        for (int y = 0; y < out.height(); y++) {
            for (int x = 0; x < out.width(); x++) {
                for (int k = 0; k < c; k++) out.set(y, x, k, image.get(y / factor, x / factor, k));
            }
        }
        return out;
    }
}
