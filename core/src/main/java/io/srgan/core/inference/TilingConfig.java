package io.srgan.core.inference;

import java.util.Objects;

/**
 * How {@link TiledUpscaler} cuts an image: tile side and overlap in LR pixels, and how many
 * same-size tiles go to the model in one batch.
 *
 * <p>Memory per model call grows with {@code batchSize · tileSize² · scale²} (native, held by the
 * model's activations); the strip buffer with {@code tileSize · scale² · width} (heap). An overlap below the model's receptive-field radius is
 * allowed (it trades exactness for speed) but then tiled output may differ from whole-image
 * inference near tile seams; {@link TiledUpscaler} logs a warning in that case.
 *
 * @param tileSize largest tile side, must exceed {@code 2·overlap}
 * @param overlap LR pixels of context kept around each tile's owned core, ≥ 0
 * @param batchSize tiles per model call, ≥ 1
 * @param memoryMode how the model's native arrays are scoped per call
 */
public record TilingConfig(int tileSize, int overlap, int batchSize, NativeMemoryMode memoryMode) {
    /** Tiles per model call unless set otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 4;
    /**
     * Native memory handling unless set otherwise: {@link NativeMemoryMode#DETACHED} (see there why), or
     * {@code -Dsrgan.inference.memory-mode=WORKSPACE}.
     */
    public static final NativeMemoryMode DEFAULT_MEMORY_MODE =
            NativeMemoryMode.valueOf(System.getProperty("srgan.inference.memory-mode", NativeMemoryMode.DETACHED.name()));

    public TilingConfig {
        TileGrid.validate(tileSize, overlap);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        Objects.requireNonNull(memoryMode, "memoryMode");
    }

    /** With the default memory mode. */
    public TilingConfig(int tileSize, int overlap, int batchSize) {
        this(tileSize, overlap, batchSize, DEFAULT_MEMORY_MODE);
    }

    /** Overlap = the model's receptive-field radius (exact tiling) and the default batch size. */
    public static TilingConfig forModel(SrModel model, int tileSize) {
        Objects.requireNonNull(model, "model");
        int radius = model.receptiveFieldRadius();
        if (radius < 0) {
            throw new IllegalArgumentException("model reports a negative receptive-field radius: " + radius);
        }
        return new TilingConfig(tileSize, radius, DEFAULT_BATCH_SIZE);
    }

    public TilingConfig withOverlap(int newOverlap) {
        return new TilingConfig(tileSize, newOverlap, batchSize, memoryMode);
    }

    public TilingConfig withBatchSize(int newBatchSize) {
        return new TilingConfig(tileSize, overlap, newBatchSize, memoryMode);
    }

    public TilingConfig withMemoryMode(NativeMemoryMode newMode) {
        return new TilingConfig(tileSize, overlap, batchSize, newMode);
    }
}
