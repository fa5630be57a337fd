package io.srgan.core.inference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TileGridTest {

    @Test
    void everyPixelIsOwnedByExactlyOneTileForManySizes() {
        int[] sizes = {1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 65, 100, 127, 129, 200};
        int[][] tilings = {{1, 0}, {2, 0}, {3, 1}, {4, 1}, {5, 2}, {8, 0}, {8, 3}, {16, 4}, {17, 8}, {32, 6}, {64, 10}};
        for (int h : sizes) {
            for (int w : sizes) {
                for (int[] t : tilings) {
                    checkGrid(TileGrid.of(h, w, t[0], t[1]));
                }
            }
        }
    }

    @Test
    void imageSmallerThanOneTileIsOneTileCoveringIt() {
        TileGrid grid = TileGrid.of(5, 3, 64, 8);
        assertEquals(1, grid.tileCount());
        Tile tile = grid.tiles().get(0);
        assertEquals(new Span(0, 5), tile.windowY());
        assertEquals(new Span(0, 3), tile.windowX());
        assertEquals(new Span(0, 5), tile.coreY());
        assertEquals(new Span(0, 3), tile.coreX());
    }

    @Test
    void onePixelWideImageIsOneColumnOfTiles() {
        TileGrid grid = TileGrid.of(40, 1, 10, 2);
        assertEquals(1, grid.columnCount());
        assertTrue(grid.stripCount() > 1);
        for (Tile t : grid.tiles()) {
            assertEquals(new Span(0, 1), t.windowX());
            assertEquals(new Span(0, 1), t.coreX());
            assertEquals(10, t.windowY().length());
        }
        checkGrid(grid);
    }

    @Test
    void lastTileIsAlignedToTheBorderWithFullSize() {
        // length 23, tile 10, overlap 2: step 6, windows start 0, 6, 12, 13 (last aligned to 23)
        TileGrid grid = TileGrid.of(23, 23, 10, 2);
        List<Tile> strip = grid.strip(0);
        assertEquals(4, strip.size());
        assertEquals(new Span(0, 10), strip.get(0).windowX());
        assertEquals(new Span(6, 10), strip.get(1).windowX());
        assertEquals(new Span(12, 10), strip.get(2).windowX());
        assertEquals(new Span(13, 10), strip.get(3).windowX());
        assertEquals(new Span(0, 8), strip.get(0).coreX());
        assertEquals(new Span(8, 6), strip.get(1).coreX());
        assertEquals(new Span(14, 6), strip.get(2).coreX());
        assertEquals(new Span(20, 3), strip.get(3).coreX());
    }

    @Test
    void stripRowsPartitionTheHeightAndMatchTheirTiles() {
        TileGrid grid = TileGrid.of(77, 13, 12, 3);
        int next = 0;
        for (int r = 0; r < grid.stripCount(); r++) {
            Span rows = grid.stripRows(r);
            assertEquals(next, rows.start());
            next = rows.end();
            for (Tile t : grid.strip(r)) {
                assertEquals(rows, t.coreY());
                assertEquals(grid.stripWindow(r), t.windowY());
                assertEquals(r, t.row());
            }
        }
        assertEquals(77, next);
    }

    @ParameterizedTest
    @CsvSource({
            "10, 5, 'tile size 10 must exceed 2 x overlap = 10'",
            "4, 4, 'tile size 4 must exceed 2 x overlap = 8'",
            "0, 0, 'tile size must be >= 1, got 0'",
            "8, -1, 'overlap must be >= 0, got -1'"})
    void rejectsBadTilingWithAClearMessage(int tile, int overlap, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TileGrid.of(100, 100, tile, overlap));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void rejectsEmptyImage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TileGrid.of(0, 10, 8, 1));
        assertTrue(e.getMessage().contains("at least 1x1"), e.getMessage());
    }

    /** Ownership count per pixel is 1, windows have one size and keep {@code overlap} context inside the image. */
    private static void checkGrid(TileGrid grid) {
        int h = grid.height();
        int w = grid.width();
        int o = grid.overlap();
        int[] owners = new int[h * w];
        int windowH = Math.min(grid.tileSize(), h);
        int windowW = Math.min(grid.tileSize(), w);
        for (Tile t : grid.tiles()) {
            String where = grid + " " + t;
            assertEquals(windowH, t.windowY().length(), where);
            assertEquals(windowW, t.windowX().length(), where);
            assertTrue(t.windowY().end() <= h && t.windowX().end() <= w, where);
            checkContext(t.windowY(), t.coreY(), h, o, where);
            checkContext(t.windowX(), t.coreX(), w, o, where);
            for (int y = t.coreY().start(); y < t.coreY().end(); y++) {
                for (int x = t.coreX().start(); x < t.coreX().end(); x++) {
                    owners[y * w + x]++;
                }
            }
        }
        for (int i = 0; i < owners.length; i++) {
            assertEquals(1, owners[i], grid + ": pixel (" + i / w + "," + i % w + ") owned " + owners[i] + " times");
        }
    }

    private static void checkContext(Span window, Span core, int length, int overlap, String where) {
        assertTrue(core.start() == 0 || core.start() - window.start() >= overlap, "context before core: " + where);
        assertTrue(core.end() == length || window.end() - core.end() >= overlap, "context after core: " + where);
    }
}
