package io.srgan.spark.report;

/**
 * One rendered chart of the report.
 *
 * @param file    file name in the report folder ({@code losses_g.png})
 * @param caption a sentence under the chart in the HTML: what is plotted and how
 * @param png     the PNG bytes
 */
public record ChartImage(String file, String title, String caption, byte[] png) {
}
