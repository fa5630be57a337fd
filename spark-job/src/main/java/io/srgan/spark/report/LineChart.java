package io.srgan.spark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line chart of the report against the optimizer step, drawn by XChart in one style: white
 * background, legend below, the start of the GAN phase as a dashed vertical line.
 */
final class LineChart {
    static final int WIDTH = 960;
    static final int HEIGHT = 440;

    private final String title;
    private final String yTitle;
    private final List<Series> left = new ArrayList<>();
    private final List<Series> right = new ArrayList<>();
    private String rightTitle;
    private boolean logY;
    private boolean markers;
    private long ganStart = -1;
    private long runEnd;

    LineChart(String title, String yTitle) {
        this.title = title;
        this.yTitle = yTitle;
    }

    LineChart add(Series s) {
        if (!s.isEmpty()) left.add(s);
        return this;
    }

    /** A series on a second y axis at the right, e.g. SSIM beside PSNR. */
    LineChart addRight(Series s, String axisTitle) {
        if (!s.isEmpty()) {
            right.add(s);
            rightTitle = axisTitle;
        }
        return this;
    }

    LineChart logY(boolean on) {
        logY = on;
        return this;
    }

    /** Points drawn as circles: for sparse series such as validation results. */
    LineChart markers(boolean on) {
        markers = on;
        return this;
    }

    /** The last step of the run: every chart's x axis ends there, so charts line up. */
    LineChart until(long step) {
        runEnd = step;
        return this;
    }

    /** Marks {@code step}, the end of the PSNR phase, when it lies inside the run. */
    LineChart ganPhaseFrom(long step) {
        ganStart = step;
        return this;
    }

    String title() {
        return title;
    }

    boolean isLogY() {
        return logY;
    }

    boolean isEmpty() {
        return left.isEmpty() && right.isEmpty();
    }

    List<Series> series() {
        List<Series> all = new ArrayList<>(left);
        all.addAll(right);
        return all;
    }

    byte[] png() throws IOException {
        for (Series s : series()) runEnd = Math.max(runEnd, (long) Math.ceil(s.x()[s.x().length - 1]));
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("optimizer step")
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(logY);
        for (Series s : left) addTo(chart, s, 0);
        if (!right.isEmpty()) {
            chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
            chart.setYAxisGroupTitle(1, rightTitle);
            for (Series s : right) addTo(chart, s, 1);
        }
        anchorTheStepAxis(chart);
        markGanPhase(chart);
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * A fixed number of decimals for a linear axis, as many as a tick spacing of an eighth of the range
     * needs: XChart's own choice can print two ticks alike (0.695 and 0.705 both as "0.7").
     */
    static String decimalPattern(List<Series> axis) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : axis) {
            min = Math.min(min, s.min());
            max = Math.max(max, s.max());
        }
        double spacing = (max - min) / 8;
        int decimals = spacing > 0 ? (int) Math.max(0, Math.min(8, -Math.floor(Math.log10(spacing)))) : 3;
        return decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals);
    }

    private void addTo(XYChart chart, Series s, int axisGroup) {
        XYSeries xy = chart.addSeries(s.name(), s.x(), s.y());
        // not with a second axis: XChart then drops that axis's tick labels
        if (!logY && right.isEmpty()) xy.setYAxisDecimalPattern(decimalPattern(left));
        xy.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        xy.setLineWidth(markers ? 2f : 1.2f);
        xy.setYAxisGroup(axisGroup);
    }

    /**
     * Adds invisible points at step 0 and half a step past the end: every chart spans the whole run,
     * and the x values are no longer equally spaced. (XChart puts ticks on the data's own x values
     * when they are, which gives labels such as 1, 30, 59; steps are whole numbers, so a half step
     * breaks the spacing and it picks round numbers.)
     */
    private void anchorTheStepAxis(XYChart chart) {
        Series first = left.isEmpty() ? right.get(0) : left.get(0);
        double y = first.y()[0];
        XYSeries anchor = chart.addSeries(" ", new double[] {0, runEnd + 0.5}, new double[] {y, y});
        anchor.setMarker(SeriesMarkers.NONE);
        anchor.setLineColor(new Color(0, 0, 0, 0));
        anchor.setShowInLegend(false);
        anchor.setYAxisGroup(left.isEmpty() ? 1 : 0);
    }

    private void markGanPhase(XYChart chart) {
        double maxY = Double.NEGATIVE_INFINITY;
        for (Series s : left) maxY = Math.max(maxY, s.max());
        if (ganStart <= 0 || left.isEmpty() || ganStart >= runEnd) return;
        chart.addAnnotation(new AnnotationLine(ganStart, true, false));
        // the label sits just right of the line, level with the highest point
        chart.addAnnotation(new AnnotationText("GAN phase \u2192", ganStart + 0.06 * runEnd, maxY, false));
    }

    private static void style(org.knowm.xchart.style.XYStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendBorderColor(Color.WHITE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAnnotationLineColor(new Color(200, 60, 60));
        s.setAnnotationLineStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        s.setAnnotationTextFontColor(new Color(200, 60, 60));
        s.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setMarkerSize(6);
        s.setAntiAlias(true);
    }
}
