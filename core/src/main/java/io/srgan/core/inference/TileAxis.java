package io.srgan.core.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * The split of one axis of length L into tile windows of {@code min(tile, L)} pixels and the
 * disjoint cores they own.
 *
 * <p>Window i starts at {@code min(i·step, L − tile)} with {@code step = tile − 2·overlap}, so every
 * window has the full tile length (the last one is aligned to the border rather than cut short)
 * and same-size tiles can share a batch. Core boundaries sit at {@code i·step + overlap}; the first
 * core starts at 0 and the last ends at L. Each core therefore lies at least {@code overlap} pixels
 * inside its window on every side that does not touch the image border.
 */
final class TileAxis {
    private final List<Span> windows;
    private final List<Span> cores;

    TileAxis(int length, int tile, int overlap) {
        this(length, tile, overlap, 1);
    }

    /**
     * With {@code align} > 1 every window starts on a multiple of it (a model that folds align×align
     * input pixels into one, such as a pixel-unshuffled RRDB, sees the same groups as in the whole
     * image): the step is cut down to a multiple of align, and the last window is moved up to one and
     * made longer to still reach the border.
     */
    TileAxis(int length, int tile, int overlap, int align) {
        // Callers validate; these guard the arithmetic below.
        if (length < 1 || overlap < 0 || align < 1 || tile - 2 * overlap < align) {
            throw new IllegalArgumentException("bad axis: length " + length + ", tile " + tile + ", overlap " + overlap + ", align " + align);
        }
        int window = Math.min(tile, length);
        int step = (tile - 2 * overlap) / align * align;
        // Smallest n with (n − 1)·step + window ≥ length, i.e. the last window reaches the border.
        int count = length <= window ? 1 : 1 + ceilDiv(length - window, step);
        windows = new ArrayList<>(count);
        cores = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int windowStart = Math.min(i * step, (length - window) / align * align);
            int windowLength = i == count - 1 ? length - windowStart : window; // up to align − 1 longer when moved up
            int coreStart = i == 0 ? 0 : i * step + overlap;
            int coreEnd = i == count - 1 ? length : (i + 1) * step + overlap;
            windows.add(new Span(windowStart, windowLength));
            cores.add(new Span(coreStart, coreEnd - coreStart));
        }
    }

    int count() {
        return windows.size();
    }

    Span window(int i) {
        return windows.get(i);
    }

    Span core(int i) {
        return cores.get(i);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
