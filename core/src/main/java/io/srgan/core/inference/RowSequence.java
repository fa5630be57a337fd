package io.srgan.core.inference;

import io.srgan.core.data.FloatImage;

/** Enforces the {@link RowSink} call order for sink implementations. */
final class RowSequence {
    private int height = -1;
    private int width;
    private int channels;
    private int nextRow;
    private boolean ended;

    void begin(int height, int width, int channels) {
        if (this.height >= 0) {
            throw new IllegalStateException("begin called twice");
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("output size must be at least 1x1, got " + height + "x" + width);
        }
        if (channels != 3 && channels != 4) {
            throw new IllegalArgumentException("output must have 3 (RGB) or 4 (RGBA) channels, got " + channels);
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
    }

    /** Checks a block and advances past it. */
    void accept(int y0, FloatImage rows) {
        if (height < 0 || ended) {
            throw new IllegalStateException(ended ? "rows written after end" : "rows written before begin");
        }
        if (y0 != nextRow) {
            throw new IllegalArgumentException("rows must arrive in order: expected row " + nextRow + ", got " + y0);
        }
        if (rows.width() != width || rows.channels() != channels) {
            throw new IllegalArgumentException("row block is " + rows.width() + " wide with " + rows.channels()
                    + " channels, sink began with " + width + " and " + channels);
        }
        if (y0 + rows.height() > height) {
            throw new IllegalArgumentException("rows " + y0 + ".." + (y0 + rows.height()) + " exceed output height " + height);
        }
        nextRow += rows.height();
    }

    void end() {
        if (height < 0) {
            throw new IllegalStateException("end before begin");
        }
        if (nextRow != height) {
            throw new IllegalStateException("output incomplete: " + nextRow + " of " + height + " rows written");
        }
        ended = true;
    }

    boolean ended() { return ended; }
    int height() { return height; }
    int width() { return width; }
    int channels() { return channels; }
}
