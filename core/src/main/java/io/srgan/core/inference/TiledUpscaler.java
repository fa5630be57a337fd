package io.srgan.core.inference;

import io.srgan.core.data.FloatImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * Upscales images of any size with an {@link SrModel} by cutting them into overlapping tiles
 * ({@link TileGrid}), so that memory depends on the tile size and the image width, not on the image
 * height, and the output can stream to a {@link RowSink}.
 *
 * <p>Work goes strip by strip, top to bottom: the LR rows a strip needs are read from the
 * {@link TileSource}, its tiles go to the model in batches of up to {@code batchSize}
 * ({@code [n, tile, tile, 3]} NHWC float32, RGB in [0, 1]), the owned core of each result is copied
 * into a strip buffer of {@code (owned LR rows · s) × (width · s)} pixels, and the finished strip goes
 * to the sink. Values reach the sink unclamped; sinks clamp to [0, 1].
 *
 * <p><b>Exactness.</b> With {@code overlap ≥ model.receptiveFieldRadius()} the result equals
 * whole-image inference up to floating-point reassociation (the same network sees the same input
 * around every owned pixel). A smaller overlap is allowed — it saves work, and a deep network's
 * effective receptive field is often much smaller than its nominal one — but the guarantee is then
 * off: pixels near tile seams may differ. Such a configuration is logged as a warning once, when the
 * upscaler is built.
 *
 * <p><b>Alpha.</b> For a 4-channel source, RGB goes through the model and alpha is upscaled on its
 * own by bilinear interpolation (half-pixel centres as in OpenCV, edges repeated), then
 * joined as the fourth output channel. Alpha is straight (not premultiplied); colour under fully
 * transparent pixels is upscaled like any other.
 *
 * <p><b>Memory.</b> Off-heap: one pooled input array per batch shape (freed by {@link #close()})
 * plus what the model allocates during one call, which {@link NativeMemoryMode#WORKSPACE} (the
 * default) reclaims after every call — needed because in ND4J M2.1 {@code INDArray.close()} does not
 * free memory before a GC. Arrays the model returns outside a workspace are closed after their
 * cores are copied (views cannot be, and are left to the GC). Heap: the strip buffer
 * ({@code owned rows·s × width·s × channels} floats) and the LR rows of one strip.
 *
 * <p>The model is not owned: closing the upscaler does not close it. Not thread-safe; close it on
 * the thread that used it last.
 */
public final class TiledUpscaler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TiledUpscaler.class);

    private final SrModel model;
    private final TilingConfig config;
    private final int scale;
    private final TileBatchRunner runner;
    private FloatImage stripBuffer;
    private boolean closed;

    /**
     * @throws IllegalArgumentException if the model's scale is below 1
     */
    public TiledUpscaler(SrModel model, TilingConfig config) {
        this.model = Objects.requireNonNull(model, "model");
        this.config = Objects.requireNonNull(config, "config");
        this.scale = model.scale();
        if (scale < 1) {
            throw new IllegalArgumentException("model scale must be >= 1, got " + scale);
        }
        int radius = model.receptiveFieldRadius();
        if (config.overlap() < radius) {
            LOG.warn("tile overlap {} is below the model's receptive-field radius {}: tiled output may differ from "
                    + "whole-image inference near tile seams (use overlap >= {} for exact results)", config.overlap(), radius, radius);
        }
        this.runner = new TileBatchRunner(model, config.memoryMode());
    }

    /** Exact tiling: overlap = the model's receptive-field radius, default batch size. */
    public static TiledUpscaler exact(SrModel model, int tileSize) {
        return new TiledUpscaler(model, TilingConfig.forModel(model, tileSize));
    }

    public SrModel model() { return model; }

    public TilingConfig config() { return config; }

    /**
     * Upscales {@code source} into {@code sink}: calls {@code sink.begin} with
     * {@code (height·s, width·s, source.channels())}, writes every row, then {@code sink.end}.
     * Neither source nor sink is closed here.
     */
    public void upscale(TileSource source, RowSink sink) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sink, "sink");
        if (closed) {
            throw new IllegalStateException("upscaler is closed");
        }
        int channels = source.channels();
        if (channels != 3 && channels != 4) {
            throw new IllegalArgumentException("source must have 3 (RGB) or 4 (RGBA) channels, got " + channels);
        }
        TileGrid grid = TileGrid.of(source.height(), source.width(), config.tileSize(), config.overlap(), model.inputAlignment());
        int outHeight = scaled(grid.height(), "height");
        int outWidth = scaled(grid.width(), "width");
        sink.begin(outHeight, outWidth, channels);
        for (int row = 0; row < grid.stripCount(); row++) {
            Span owned = grid.stripRows(row);
            Span read = rowsToRead(grid, row, channels == 4);
            FloatImage block = source.readRows(read.start(), read.length());
            checkBlock(block, read, grid.width(), channels);
            FloatImage strip = stripBuffer(owned.length() * scale, outWidth, channels);
            List<Tile> tiles = grid.strip(row);
            for (int from = 0, to; from < tiles.size(); from = to) {
                to = from + 1; // a batch holds tiles of one size (an aligned grid's last column may be wider)
                while (to < tiles.size() && to - from < config.batchSize() && sameSize(tiles.get(from), tiles.get(to))) to++;
                List<Tile> batch = tiles.subList(from, to);
                runner.run(batch, block, read.start(), strip, owned.start());
            }
            if (channels == 4) {
                BilinearPlane.upscale(block, read.start(), grid.height(), 3, scale, strip, owned.start() * scale, 3);
            }
            sink.writeRows(owned.start() * scale, strip);
        }
        sink.end();
    }

    /**
     * Upscales an in-memory RGB (3 channels) or RGBA (4 channels) image, HWC in [0, 1], into a new
     * image with the same channels, clamped to [0, 1].
     */
    public FloatImage upscale(FloatImage lr) {
        FloatImageSink sink = new FloatImageSink();
        try {
            upscale(FloatImageSource.of(lr), sink);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory upscale failed", e); // in-memory source and sink do no I/O
        }
        return sink.image();
    }

    /** The strip's tile windows, plus for alpha the one extra LR row each side that bilinear reads. */
    private Span rowsToRead(TileGrid grid, int row, boolean alpha) {
        Span window = grid.stripWindow(row);
        if (!alpha) {
            return window;
        }
        Span alphaRows = BilinearPlane.lrRowsNeeded(grid.stripRows(row).scaled(scale), scale, grid.height());
        int start = Math.min(window.start(), alphaRows.start());
        int end = Math.max(window.end(), alphaRows.end());
        return new Span(start, end - start);
    }

    private FloatImage stripBuffer(int height, int width, int channels) {
        if (stripBuffer == null || stripBuffer.height() != height || stripBuffer.width() != width
                || stripBuffer.channels() != channels) {
            long size = (long) height * width * channels;
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("a strip of " + height + "x" + width + "x" + channels
                        + " output pixels does not fit in one array; use a smaller tile size");
            }
            stripBuffer = FloatImage.zeros(height, width, channels);
        }
        return stripBuffer;
    }

    private int scaled(int lrSize, String what) {
        long out = (long) lrSize * scale;
        if (out > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("output " + what + " " + lrSize + " x " + scale + " exceeds " + Integer.MAX_VALUE);
        }
        return (int) out;
    }

    private static void checkBlock(FloatImage block, Span rows, int width, int channels) {
        if (block.height() != rows.length() || block.width() != width || block.channels() != channels) {
            throw new IllegalStateException("source returned " + block.height() + "x" + block.width() + "x" + block.channels()
                    + " for rows " + rows.start() + ".." + rows.end() + "; expected " + rows.length() + "x" + width + "x" + channels);
        }
    }

    /** Releases the pooled input arrays and the call workspaces; the model stays open. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            runner.close();
            stripBuffer = null;
        }
    }

    private static boolean sameSize(Tile a, Tile b) {
        return a.windowX().length() == b.windowX().length() && a.windowY().length() == b.windowY().length();
    }
}
