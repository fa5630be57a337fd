package io.srgan.core.inference;

import ar.com.hjg.pngj.ImageInfo;
import ar.com.hjg.pngj.ImageLineInt;
import ar.com.hjg.pngj.ImageLineHelper;
import ar.com.hjg.pngj.chunks.PngChunkPLTE;
import ar.com.hjg.pngj.chunks.PngChunkTRNS;
import io.srgan.core.data.ColourMode;

/**
 * Turns one decoded PNG line (any colour type, 1–16 bit) into RGB or RGBA floats in [0, 1].
 * Grey is replicated to RGB; palette entries (and their tRNS alpha) are looked up. A tRNS colour key
 * on grey or truecolour images is not turned into alpha. No gamma or ICC handling: samples are
 * taken as stored.
 */
final class PngLineDecoder {
    private final ImageInfo info;
    private final PngChunkPLTE palette;
    private final PngChunkTRNS paletteAlpha;
    private final int channels;
    private final float maxLevel;
    private int[] paletteBuffer;

    PngLineDecoder(ImageInfo info, PngChunkPLTE palette, PngChunkTRNS transparency) {
        this.info = info;
        this.palette = palette;
        this.paletteAlpha = info.indexed ? transparency : null;
        if (info.indexed && palette == null) {
            throw new IllegalArgumentException("indexed PNG without a PLTE chunk");
        }
        this.channels = (info.alpha || paletteAlpha != null) ? 4 : 3;
        this.maxLevel = info.indexed ? 255f : (1 << info.bitDepth) - 1;
    }

    /** 3 (RGB) or 4 (RGBA). */
    int channels() {
        return channels;
    }

    /**
     * The file's colour mode as {@link io.srgan.core.data.ImageDecoder} reports it: grey stays gray,
     * a palette whose entries are all gray is gray, palette alpha (tRNS) is alpha.
     */
    ColourMode mode() {
        boolean gray = info.greyscale || (info.indexed && isGrayPalette());
        return ColourMode.of(gray, channels == 4);
    }

    /** 16 when the file stores 16-bit samples, else 8 (palette and 1–4 bit files included). */
    int bitDepth() {
        return info.bitDepth == 16 ? 16 : 8;
    }

    private boolean isGrayPalette() {
        for (int i = 0; i < palette.getNentries(); i++) {
            int rgb = palette.getEntry(i);
            int r = (rgb >> 16) & 0xff;
            if (r != ((rgb >> 8) & 0xff) || r != (rgb & 0xff)) {
                return false;
            }
        }
        return true;
    }

    /** Writes {@code info.cols · channels()} floats into {@code out} from {@code offset}. */
    void decode(ImageLineInt line, float[] out, int offset) {
        int[] samples = line.getScanline();
        if (info.indexed) {
            paletteBuffer = paletteAlpha != null
                    ? ImageLineHelper.palette2rgba(line, palette, paletteAlpha, paletteBuffer)
                    : ImageLineHelper.palette2rgb(line, palette, paletteBuffer);
            samples = paletteBuffer;
        }
        int inChannels = info.indexed ? channels : info.channels;
        boolean grey = info.greyscale;
        for (int x = 0; x < info.cols; x++) {
            int s = x * inChannels;
            int d = offset + x * channels;
            if (grey) {
                float v = samples[s] / maxLevel;
                out[d] = v;
                out[d + 1] = v;
                out[d + 2] = v;
                if (channels == 4) {
                    out[d + 3] = samples[s + 1] / maxLevel;
                }
            } else {
                for (int c = 0; c < channels; c++) {
                    out[d + c] = samples[s + c] / maxLevel;
                }
            }
        }
    }
}
