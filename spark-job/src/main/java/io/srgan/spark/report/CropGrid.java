package io.srgan.spark.report;

import io.srgan.core.data.FloatImage;
import io.srgan.core.data.Quantizer;
import io.srgan.core.metric.ImageScore;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the crop grid: a header with the column titles, then per validation image its name and
 * window, one cell per column, and PSNR-Y under each cell. Crops are drawn pixel for pixel at HR
 * size, enlarged by a whole factor (pixel repetition) when that is under {@link #MIN_CELL} pixels, so
 * no resampling blurs what the generators did.
 */
final class CropGrid {
    static final int MIN_CELL = 192;
    static final int PAD = 10;
    static final int HEADER = 44;
    static final int NAME = 24;
    static final int LABEL = 24;

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font TEXT_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private CropGrid() {}

    /** The side of one cell in pixels: the largest crop at HR size, times the display zoom. */
    static int cellSize(int scale) {
        return ValidationCrops.CROP * scale * zoom(scale);
    }

    static int zoom(int scale) {
        int hrSide = ValidationCrops.CROP * scale;
        return Math.max(1, (MIN_CELL + hrSide - 1) / hrSide);
    }

    static int width(int scale, int columns) {
        return PAD + columns * (cellSize(scale) + PAD);
    }

    static int height(int scale, int rows) {
        return HEADER + rows * (NAME + cellSize(scale) + LABEL) + PAD;
    }

    static BufferedImage draw(int scale, List<CropColumn> columns, List<CropRow> rows) {
        int cell = cellSize(scale);
        int zoom = zoom(scale);
        BufferedImage out = new BufferedImage(width(scale, columns.size()), height(scale, rows.size()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            for (int c = 0; c < columns.size(); c++) {
                int x = PAD + c * (cell + PAD);
                centered(g, TITLE_FONT, Color.BLACK, columns.get(c).title(), x, cell, 18);
                centered(g, TEXT_FONT, Color.DARK_GRAY, columns.get(c).detail(), x, cell, 36);
            }
            int y = HEADER;
            for (CropRow row : rows) {
                CropWindow w = row.window();
                g.setFont(TEXT_FONT);
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%s   (LR %d\u00d7%d, window %d\u00d7%d at x=%d, y=%d)", row.image(),
                        row.lrWidth(), row.lrHeight(), w.size(), w.size(), w.x(), w.y()), PAD, y + 17);
                y += NAME;
                for (int c = 0; c < columns.size(); c++) {
                    int x = PAD + c * (cell + PAD);
                    g.setColor(new Color(240, 240, 240));
                    g.fillRect(x, y, cell, cell);
                    FloatImage crop = row.crops().get(c);
                    int side = crop.width() * zoom;
                    int offset = (cell - side) / 2;
                    g.drawImage(toRgb(crop, zoom), x + offset, y + offset, null);
                    ImageScore score = row.scores().get(columns.get(c).key());
                    String label = score == null ? "reference" : String.format(Locale.ROOT, "%.2f dB", score.psnrY());
                    centered(g, TEXT_FONT, score == null ? Color.GRAY : Color.BLACK, label, x, cell, y + cell + 17);
                }
                y += cell + LABEL;
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer in ImageIO");
        return out.toByteArray();
    }

    private static void centered(Graphics2D g, Font font, Color color, String text, int x, int width, int baseline) {
        g.setFont(font);
        g.setColor(color);
        FontMetrics m = g.getFontMetrics();
        g.drawString(text, x + Math.max(0, (width - m.stringWidth(text)) / 2), baseline);
    }

    /** 8-bit RGB of {@code image} (gray or RGB in [0, 1]), each pixel repeated {@code zoom}× each way. */
    private static BufferedImage toRgb(FloatImage image, int zoom) {
        BufferedImage out = new BufferedImage(image.width() * zoom, image.height() * zoom, BufferedImage.TYPE_INT_RGB);
        int c = image.channels();
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                int sy = y / zoom;
                int sx = x / zoom;
                int r = Quantizer.level(image.get(sy, sx, 0), 255);
                int gr = c == 1 ? r : Quantizer.level(image.get(sy, sx, 1), 255);
                int b = c == 1 ? r : Quantizer.level(image.get(sy, sx, 2), 255);
                out.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return out;
    }
}
