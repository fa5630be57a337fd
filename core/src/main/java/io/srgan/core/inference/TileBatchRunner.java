package io.srgan.core.inference;

import io.srgan.core.data.FloatImage;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the model on one batch of same-size tiles and copies each tile's owned core into the strip.
 *
 * <p>Input arrays ({@code [n, th, tw, 3]} NHWC float32) are kept per shape, outside any workspace,
 * and refilled: a grid has at most two batch shapes (full batches and the last, smaller one of a
 * strip), and in ND4J M2.1 a closed array's memory returns only at GC, so reuse is what keeps the
 * input side flat. The model call and the copy of its results run inside a {@link ModelCallScope};
 * every detached array returned or copied is closed before {@link #run} returns.
 */
final class TileBatchRunner implements AutoCloseable {
    private static final int RGB = 3;

    private final SrModel model;
    private final int scale;
    private final ModelCallScope scope;
    private final Map<List<Long>, INDArray> inputs = new HashMap<>();
    private float[] rowBuffer = new float[0];

    TileBatchRunner(SrModel model, NativeMemoryMode memoryMode) {
        this.model = model;
        this.scale = model.scale();
        this.scope = new ModelCallScope(memoryMode);
    }

    /**
     * @param tiles tiles with equal window sizes, all inside {@code block}
     * @param block LR rows, HWC with 3 or 4 channels (only RGB goes to the model), row 0 = LR row {@code blockY0}
     * @param strip output band for the LR rows starting at {@code stripLrY0}, full output width; the
     *     tiles' cores (scaled) are written into its first three channels
     */
    void run(List<Tile> tiles, FloatImage block, int blockY0, FloatImage strip, int stripLrY0) {
        Tile first = tiles.get(0);
        int th = first.windowY().length();
        int tw = first.windowX().length();
        long[] shape = {tiles.size(), th, tw, RGB};
        INDArray input = inputs.computeIfAbsent(listOf(shape), k -> newDetached(shape));
        pack(tiles, block, blockY0, input.data().asNioFloat());
        try (MemoryWorkspace ignored = scope.enter()) {
            callAndUnpack(tiles, input, strip, stripLrY0);
        }
    }

    private void callAndUnpack(List<Tile> tiles, INDArray input, FloatImage strip, int stripLrY0) {
        long[] shape = input.shape();
        int th = (int) shape[1];
        int tw = (int) shape[2];
        INDArray output = model.upscale(input);
        List<INDArray> made = new ArrayList<>(3);
        made.add(output);
        try {
            long[] expected = {tiles.size(), (long) th * scale, (long) tw * scale, RGB};
            if (!Arrays.equals(output.shape(), expected)) {
                throw new IllegalStateException("model returned shape " + Arrays.toString(output.shape()) + " for input "
                        + Arrays.toString(shape) + "; expected " + Arrays.toString(expected) + " (scale " + scale + ", NHWC)");
            }
            INDArray dense = output;
            if (dense.dataType() != DataType.FLOAT) {
                dense = dense.castTo(DataType.FLOAT);
                made.add(dense);
            }
            if (!isDenseFloat(dense)) {
                dense = dense.dup('c');
                made.add(dense);
            }
            unpack(tiles, dense.data().asNioFloat(), th * scale, tw * scale, strip, stripLrY0);
        } finally {
            for (INDArray a : made) {
                closeIfOwned(a, input);
            }
        }
    }

    private static INDArray newDetached(long[] shape) {
        try (MemoryWorkspace ignored = ModelCallScope.detached()) {
            return Nd4j.create(DataType.FLOAT, shape);
        }
    }

    private void pack(List<Tile> tiles, FloatImage block, int blockY0, FloatBuffer dst) {
        int channels = block.channels();
        int th = tiles.get(0).windowY().length();
        int tw = tiles.get(0).windowX().length();
        float[] src = block.data();
        float[] row = rowBuffer(tw * RGB);
        int pos = 0;
        for (Tile tile : tiles) {
            checkSize(tile, th, tw);
            for (int y = 0; y < th; y++) {
                int srcRow = (tile.windowY().start() + y - blockY0) * block.width();
                int srcStart = (srcRow + tile.windowX().start()) * channels;
                if (channels == RGB) {
                    dst.put(pos, src, srcStart, tw * RGB);
                } else {
                    for (int x = 0; x < tw; x++) {
                        System.arraycopy(src, srcStart + x * channels, row, x * RGB, RGB);
                    }
                    dst.put(pos, row, 0, tw * RGB);
                }
                pos += tw * RGB;
            }
        }
    }

    private void unpack(List<Tile> tiles, FloatBuffer src, int oh, int ow, FloatImage strip, int stripLrY0) {
        int channels = strip.channels();
        float[] dst = strip.data();
        for (int i = 0; i < tiles.size(); i++) {
            Tile tile = tiles.get(i);
            int rows = tile.coreY().length() * scale;
            int cols = tile.coreX().length() * scale;
            int srcY = tile.coreOffsetY() * scale;
            int srcX = tile.coreOffsetX() * scale;
            int dstY = (tile.coreY().start() - stripLrY0) * scale;
            int dstX = tile.coreX().start() * scale;
            float[] row = rowBuffer(cols * RGB);
            for (int y = 0; y < rows; y++) {
                int srcPos = (((i * oh) + srcY + y) * ow + srcX) * RGB;
                int dstPos = ((dstY + y) * strip.width() + dstX) * channels;
                if (channels == RGB) {
                    src.get(srcPos, dst, dstPos, cols * RGB);
                } else {
                    src.get(srcPos, row, 0, cols * RGB);
                    for (int x = 0; x < cols; x++) {
                        System.arraycopy(row, x * RGB, dst, dstPos + x * channels, RGB);
                    }
                }
            }
        }
    }

    private float[] rowBuffer(int length) {
        if (rowBuffer.length < length) {
            rowBuffer = new float[length];
        }
        return rowBuffer;
    }

    private static void checkSize(Tile tile, int th, int tw) {
        if (tile.windowY().length() != th || tile.windowX().length() != tw) {
            throw new IllegalArgumentException("tiles in one batch must have equal windows: " + tile + " vs " + th + "x" + tw);
        }
    }

    /** A plain c-order float array starting at its buffer's offset 0, readable as one FloatBuffer. */
    private static boolean isDenseFloat(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a)
                && a.offset() == 0 && a.data().length() == a.length();
    }

    /**
     * Closes {@code a} unless it is already closed, not ours to close (a view), or shares memory with
     * our pooled input (a model may return a reshape of its input).
     */
    private static void closeIfOwned(INDArray a, INDArray input) {
        if (a != input && !a.wasClosed() && a.closeable() && !sharesMemory(a, input)) {
            a.close();
        }
    }

    private static boolean sharesMemory(INDArray a, INDArray b) {
        long aStart = a.data().address();
        long bStart = b.data().address();
        long aEnd = aStart + a.data().length() * a.data().getElementSize();
        long bEnd = bStart + b.data().length() * b.data().getElementSize();
        return aStart < bEnd && bStart < aEnd;
    }

    private static List<Long> listOf(long[] shape) {
        List<Long> key = new ArrayList<>(shape.length);
        for (long d : shape) {
            key.add(d);
        }
        return key;
    }

    @Override
    public void close() {
        for (INDArray input : inputs.values()) {
            if (!input.wasClosed()) {
                input.close();
            }
        }
        inputs.clear();
        scope.close();
    }
}
