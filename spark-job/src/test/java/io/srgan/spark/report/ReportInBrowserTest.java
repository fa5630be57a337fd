package io.srgan.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.testing.BuildDirs;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * report.html in a real browser, offline: headless Chromium decodes every embedded image (the page's
 * own script counts them on {@code <body>}), and a screenshot shows charts, not an empty page.
 */
class ReportInBrowserTest {
    @Test
    void everyImageDecodesAndTheScreenshotShowsTheReport() throws Exception {
        Path base = BuildDirs.newFolder("report", "browser-");
        SyntheticRun run = SyntheticRun.create(base.toUri(), HadoopSettings.empty(), true);
        ReportResult result = RunReport.render(run.run, HadoopSettings.empty(), null);
        Path html = Path.of(result.html());
        HeadlessChromium chromium = HeadlessChromium.find(base);

        String dom = chromium.dumpDom(html, base);
        Matcher body = Pattern.compile("<body data-images=\"(\\d+)\" data-decoded=\"(\\d+)\" data-failed=\"([^\"]*)\"").matcher(dom);
        assertTrue(body.find(), "the page's load script did not run: " + dom.substring(0, Math.min(300, dom.length())));
        assertEquals(RunReportTest.CHARTS.size() + 1, Integer.parseInt(body.group(1)), "images on the page");
        assertEquals(body.group(1), body.group(2), "images that did not decode: " + body.group(3));
        assertEquals(Integer.parseInt(body.group(1)), RunReportTest.count(dom, "<img "));

        Path shot = base.resolve("screenshot.png");
        chromium.screenshot(html, shot, 1280, 1800);
        BufferedImage image = ImageIO.read(shot.toFile());
        assertEquals(1280, image.getWidth());
        assertEquals(1800, image.getHeight());
        ImageChecks.assertNotBlank(image, "screenshot");
        // the first screen holds the summary and the first charts, whose series are coloured lines
        assertTrue(ImageChecks.colouredPixels(image) > 2000, "no chart visible in the screenshot");
        assertTrue(Files.size(shot) > 50_000, "the screenshot is suspiciously small: " + Files.size(shot) + " bytes");
    }

    /** A run on degraded pairs: its second crop grid decodes too. */
    @Test
    void theDegradedCropsDecodeToo() throws Exception {
        Path base = BuildDirs.newFolder("report", "browser-degraded-");
        SyntheticRun run = SyntheticRun.create(base.toUri(), HadoopSettings.empty(), true, "{\"enabled\":true}");
        ReportResult result = RunReport.render(run.run, HadoopSettings.empty(), null);
        String dom = HeadlessChromium.find(base).dumpDom(Path.of(result.html()), base);
        Matcher body = Pattern.compile("<body data-images=\"(\\d+)\" data-decoded=\"(\\d+)\" data-failed=\"([^\"]*)\"").matcher(dom);
        assertTrue(body.find(), "the page's load script did not run: " + dom.substring(0, Math.min(300, dom.length())));
        assertEquals(RunReportTest.CHARTS.size() + 2, Integer.parseInt(body.group(1)), "images on the page");
        assertEquals(body.group(1), body.group(2), "images that did not decode: " + body.group(3));
        assertTrue(dom.contains("alt=\"validation crops, degraded inputs\""), "the degraded grid is not on the page");
    }
}
