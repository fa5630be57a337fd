package io.srgan.core.inference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Splits an LR image of {@code height × width} pixels into tiles of at most {@code tileSize ×
 * tileSize} that overlap their neighbours by at least {@code overlap} pixels on every inner side.
 * Pure geometry in LR pixels; scale the spans by the model's factor for output coordinates.
 *
 * <p>Tiles come in strips (rows of tiles) from top to bottom. Every window has the same size,
 * {@code min(tileSize, height) × min(tileSize, width)}: tiles at the right and bottom borders are
 * aligned to the border instead of being cut short (with an alignment, those may be a little longer). The cores partition the image: every pixel is
 * owned by exactly one tile, and the cores of strip r cover exactly the rows {@link #stripRows(int)}.
 * A core lies at least {@code overlap} pixels inside its window except where it touches the image
 * border, so when {@code overlap ≥} the model's receptive-field radius, the output of each core
 * equals whole-image inference (the network sees the same input there, and its zero padding
 * falls only where whole-image inference has it too).
 */
public final class TileGrid {
    private final int height;
    private final int width;
    private final int tileSize;
    private final int overlap;
    private final TileAxis rows;
    private final TileAxis columns;

    private TileGrid(int height, int width, int tileSize, int overlap, int align) {
        this.height = height;
        this.width = width;
        this.tileSize = tileSize;
        this.overlap = overlap;
        this.rows = new TileAxis(height, tileSize, overlap, align);
        this.columns = new TileAxis(width, tileSize, overlap, align);
    }

    /**
     * @param height LR image height in pixels, ≥ 1
     * @param width LR image width in pixels, ≥ 1
     * @param tileSize largest tile side in LR pixels; must exceed {@code 2·overlap}
     * @param overlap context kept around each core in LR pixels, ≥ 0
     * @throws IllegalArgumentException naming the offending value
     */
    public static TileGrid of(int height, int width, int tileSize, int overlap) {
        return of(height, width, tileSize, overlap, 1);
    }

    /**
     * As {@link #of(int, int, int, int)}, with every window starting on a multiple of {@code align}
     * ({@link SrModel#inputAlignment()}); the last window of an axis may then be up to align − 1 longer.
     */
    public static TileGrid of(int height, int width, int tileSize, int overlap, int align) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be at least 1x1, got " + height + "x" + width);
        }
        validate(tileSize, overlap);
        if ((long) tileSize - 2L * overlap < align) {
            throw new IllegalArgumentException("tile size " + tileSize + " must be at least 2 x overlap + " + align
                    + " = " + (2L * overlap + align) + " for a model that reads its input in " + align + "x" + align + " groups");
        }
        return new TileGrid(height, width, tileSize, overlap, align);
    }

    /** Checks a tile size and overlap pair; shared with {@link TilingConfig}. */
    static void validate(int tileSize, int overlap) {
        if (overlap < 0) {
            throw new IllegalArgumentException("overlap must be >= 0, got " + overlap);
        }
        if (tileSize < 1) {
            throw new IllegalArgumentException("tile size must be >= 1, got " + tileSize);
        }
        if ((long) tileSize <= 2L * overlap) {
            throw new IllegalArgumentException("tile size " + tileSize + " must exceed 2 x overlap = " + 2L * overlap
                    + " so that each tile owns at least one pixel; use a tile size of at least " + (2L * overlap + 1)
                    + " (a few times the overlap wastes less work) or a smaller overlap");
        }
    }

    public int height() { return height; }
    public int width() { return width; }
    public int tileSize() { return tileSize; }
    public int overlap() { return overlap; }

    /** Number of strips. */
    public int stripCount() {
        return rows.count();
    }

    /** Number of tiles in each strip. */
    public int columnCount() {
        return columns.count();
    }

    public int tileCount() {
        return stripCount() * columnCount();
    }

    /** The LR rows owned by strip {@code row}: the strips' row spans partition {@code [0, height)}. */
    public Span stripRows(int row) {
        return rows.core(checkRow(row));
    }

    /** The LR rows every tile of strip {@code row} reads. */
    public Span stripWindow(int row) {
        return rows.window(checkRow(row));
    }

    /** The tiles of strip {@code row}, left to right. */
    public List<Tile> strip(int row) {
        checkRow(row);
        List<Tile> tiles = new ArrayList<>(columns.count());
        for (int c = 0; c < columns.count(); c++) {
            tiles.add(new Tile(row, c, rows.window(row), columns.window(c), rows.core(row), columns.core(c)));
        }
        return Collections.unmodifiableList(tiles);
    }

    /** All tiles, strip by strip. */
    public List<Tile> tiles() {
        List<Tile> all = new ArrayList<>(tileCount());
        for (int r = 0; r < stripCount(); r++) {
            all.addAll(strip(r));
        }
        return Collections.unmodifiableList(all);
    }

    private int checkRow(int row) {
        if (row < 0 || row >= rows.count()) {
            throw new IndexOutOfBoundsException("strip " + row + " of " + rows.count());
        }
        return row;
    }

    @Override
    public String toString() {
        return "TileGrid[" + height + "x" + width + ", tile " + tileSize + ", overlap " + overlap + ": "
                + stripCount() + " strips x " + columnCount() + " columns]";
    }
}
