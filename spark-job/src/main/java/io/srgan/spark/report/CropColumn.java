package io.srgan.spark.report;

/**
 * A column of the crop grid.
 *
 * @param key    its key in summary.json
 * @param title  first header line
 * @param detail second header line (how it was made)
 */
record CropColumn(String key, String title, String detail) {
    static final String LR = "lr_nearest";
    static final String BICUBIC = "bicubic";
    static final String HR = "hr";
}
