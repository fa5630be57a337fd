package io.srgan.spark.report;

import io.srgan.core.data.FloatImage;
import io.srgan.core.metric.ImageScore;
import java.util.List;
import java.util.Map;

/**
 * One validation image in the crop grid.
 *
 * @param window the LR window shown
 * @param crops  one crop per column, HR-sized (the LR one enlarged by pixel repetition)
 * @param scores PSNR-Y and SSIM-Y of each column's whole image against HR, by column key (HR has none)
 */
record CropRow(String image, int lrHeight, int lrWidth, CropWindow window, List<FloatImage> crops, Map<String, ImageScore> scores) {
}
