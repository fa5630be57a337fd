package io.srgan.spark.report;

import io.srgan.core.arch.Generator;
import java.net.URI;

/**
 * A generator of the run shown in the crop grid.
 *
 * @param key   column key in summary.json ({@code sr_psnr_phase}, {@code sr_latest})
 * @param title column title ({@code SR, PSNR phase})
 * @param step  the checkpoint's step
 * @param ema   whether the EMA weights were loaded
 */
record ReportModel(String key, String title, long step, boolean ema, URI checkpoint, Generator generator) {
    /** The second line of the column title: which checkpoint and weights. */
    String detail() {
        return "step " + step + ", " + (ema ? "EMA" : "raw") + " weights";
    }
}
