package io.srgan.core.inference;

/**
 * One tile of a {@link TileGrid}, in LR pixels: the {@code window} the model reads and the
 * {@code core} of the output it owns (the core lies inside the window).
 *
 * @param row strip index, 0 at the top
 * @param column index within the strip, 0 at the left
 * @param windowY rows read from the LR image
 * @param windowX columns read from the LR image
 * @param coreY LR rows whose output this tile owns
 * @param coreX LR columns whose output this tile owns
 */
public record Tile(int row, int column, Span windowY, Span windowX, Span coreY, Span coreX) {
    public Tile {
        if (!windowY.contains(coreY) || !windowX.contains(coreX)) {
            throw new IllegalArgumentException("core " + coreY + "x" + coreX + " outside window " + windowY + "x" + windowX);
        }
    }

    /** The core's offset inside the window, in LR rows. */
    public int coreOffsetY() {
        return coreY.start() - windowY.start();
    }

    /** The core's offset inside the window, in LR columns. */
    public int coreOffsetX() {
        return coreX.start() - windowX.start();
    }
}
