package io.srgan.spark.upscale;

import io.srgan.core.inference.NativeMemoryMode;
import io.srgan.core.inference.TileGrid;
import io.srgan.core.inference.TilingConfig;
import java.util.Locale;

/**
 * What upscaling one image takes in memory in its task, estimated from the header before any pixel is
 * decoded (bytes; W × H the input, s the scale, tile and batch as set, C the model's channels):
 * <ul>
 *   <li>heap = {@value #HEAP_HEADROOM} × (strip + LR rows + decoder + JPEG output), the factor for the
 *       garbage collector's room around large arrays:
 *     <ul>
 *       <li>strip: min(tile, H)·s output rows × W·s × 4 channels × 4 B (the tiled upscaler's buffer of
 *           full output rows: what grows with the width);</li>
 *       <li>LR rows: 2 × min(tile + 2, H) × W × 4 × 4 B (the rows a strip reads, and the source's copy);</li>
 *       <li>decoder: an interlaced PNG H × W × samples × 4 B (PNGJ holds every row, as ints); JPEG, BMP,
 *           TIFF one band of decoded rows ({@link RegionInput}); a plain PNG nothing more;</li>
 *       <li>JPEG output: W·s × H·s × 3 B of raster (encoded whole) and as much again for the encoded
 *           bytes, held until written.</li>
 *     </ul></li>
 *   <li>native = activations + model arrays + JPEG coefficients:
 *     <ul>
 *       <li>activations: (b × maps per tile + scratch maps) maps of (min(tile, H)·s) × (min(tile, W)·s) × C × 4 B,
 *           b = min(batch, tiles per strip), by the upscaler's memory mode (README; binary units; msrresnet 16x64
 *           ×4, tile 192, one JVM, peak RSS less the heap used and the backend):
 *           <ul>
 *             <li>{@code DETACHED} (the default: the layers free each map when it is closed) {@value #DETACHED_MAPS_PER_TILE}
 *                 + {@value #DETACHED_SCRATCH_MAPS}: a 2048x384 PNG at batch 1 took 435 MiB (3.0 maps), at batch 4
 *                 1764 MiB (12.3 maps);</li>
 *             <li>{@code WORKSPACE} {@value #MAPS_PER_TILE} + {@value #SCRATCH_MAPS}: batch 1 took a 977 MiB workspace
 *                 (6.8 maps: every array of a call) and some 0.9 GiB of other native memory (6.6 maps). Two tasks of
 *                 batch 1 peaked at 5.3 GB RSS and of batch 4 at 9.9 GB, which these figures bound;</li>
 *           </ul></li>
 *       <li>model arrays: b × min(tile, H) × min(tile, W) × 3 × 4 B × (1 + s²), input and output;</li>
 *       <li>{@code --precision bf16}: half a map per tile more, the bf16 copy of the largest convolution
 *           input (core's DnnlConv keeps one per task, outside the workspace);</li>
 *       <li>a progressive JPEG: H × W × components × 2 B, libjpeg's coefficient buffer.</li>
 *     </ul></li>
 * </ul>
 * The JVM's and the native backend's own memory is the budget's part ({@link MemoryBudget}), not the image's.
 *
 * @param heapBytes   Java heap the image needs
 * @param nativeBytes native memory the image needs
 * @param heapPart    the largest heap part, in words
 * @param nativePart  the largest native part, in words
 */
record MemoryEstimate(long heapBytes, long nativeBytes, String heapPart, String nativePart) {
    static final double HEAP_HEADROOM = 1.5;
    static final double MAPS_PER_TILE = 7;
    static final double SCRATCH_MAPS = 7;
    static final double DETACHED_MAPS_PER_TILE = 3.25;
    static final double DETACHED_SCRATCH_MAPS = 0.4;
    private static final int CHANNELS = 4;
    private static final int FLOAT = 4;

    static MemoryEstimate of(int width, int height, String format, DecodeLayout layout, OutputFormat.Encoding encoding, TilingConfig tiling,
                             int scale, int modelChannels, boolean bf16) {
        long s = scale;
        int tile = tiling.tileSize();
        long stripRows = Math.min(tile, height) * s;
        long strip = stripRows * width * s * CHANNELS * FLOAT;
        int readRows = Math.min(tile + 2, height);
        long lrRows = 2L * readRows * width * CHANNELS * FLOAT;
        long decoder;
        String decoderPart;
        if (format.equals("png")) {
            decoder = layout.wholeImage() ? (long) height * width * layout.samples() * 4 : 0;
            decoderPart = "the whole interlaced PNG of " + width + "x" + height + " decoded at once";
        } else {
            decoder = RegionInput.bandBytes(width, Math.max(readRows, RegionInput.bandRows(width, height, InputImages.BAND_BYTES)));
            decoderPart = "a band of decoded " + format + " rows";
        }
        long outputPixels = (long) width * s * height * s;
        long jpegOutput = encoding == OutputFormat.Encoding.JPEG ? outputPixels * 3 * 2 : 0;
        long heap = (long) (HEAP_HEADROOM * (strip + lrRows + decoder + jpegOutput));
        String heapPart = largest(new long[] {strip, decoder, jpegOutput, lrRows}, new String[] {
                "a strip of " + stripRows + " output rows × " + width * s + " pixels: " + size(strip),
                decoderPart + ": " + size(decoder),
                "a " + width * s + "x" + height * s + " JPEG output encoded whole: " + size(jpegOutput),
                "the LR rows of a strip: " + size(lrRows)});

        long winH = Math.min(tile, height);
        long winW = Math.min(tile, width);
        long batch = Math.min(tiling.batchSize(), TileGrid.of(height, width, tile, tiling.overlap()).columnCount());
        long map = winH * s * winW * s * modelChannels * FLOAT;
        boolean detached = tiling.memoryMode() == NativeMemoryMode.DETACHED;
        double perTile = detached ? DETACHED_MAPS_PER_TILE : MAPS_PER_TILE;
        double scratch = detached ? DETACHED_SCRATCH_MAPS : SCRATCH_MAPS;
        long activations = (long) ((batch * (perTile + (bf16 ? 0.5 : 0)) + scratch) * map);
        long arrays = batch * winH * winW * 3 * FLOAT * (1 + s * s);
        long coefficients = format.equals("jpeg") && layout.wholeImage() ? (long) height * width * layout.samples() * 2 : 0;
        long nativeBytes = activations + arrays + coefficients;
        String nativePart = largest(new long[] {activations, coefficients}, new String[] {
                "the model's activations for " + batch + " tile(s) of " + winW * s + "x" + winH * s + " output pixels × " + modelChannels
                        + " channels: " + size(activations),
                "a progressive JPEG's coefficients: " + size(coefficients)});
        return new MemoryEstimate(heap, nativeBytes, heapPart, nativePart);
    }

    private static String largest(long[] sizes, String[] names) {
        int best = 0;
        for (int i = 1; i < sizes.length; i++) {
            if (sizes[i] > sizes[best]) best = i;
        }
        return names[best];
    }

    /** "1.2 GB", "345 MB". */
    static String size(long bytes) {
        return bytes >= 1_000_000_000L ? String.format(Locale.ROOT, "%.1f GB", bytes / 1e9) : String.format(Locale.ROOT, "%d MB", bytes / 1_000_000);
    }
}
