package io.srgan.core.data;

/** How a file stores colour: gray or RGB, each with or without an alpha channel. */
public enum ColourMode {
    GRAY(1, false),
    GRAY_ALPHA(1, true),
    RGB(3, false),
    RGBA(3, true);

    private final int colourChannels;
    private final boolean alpha;

    ColourMode(int colourChannels, boolean alpha) {
        this.colourChannels = colourChannels;
        this.alpha = alpha;
    }

    /** 1 for the gray modes, 3 for the RGB modes; alpha not counted. */
    public int colourChannels() { return colourChannels; }

    public boolean hasAlpha() { return alpha; }

    public boolean isGray() { return colourChannels == 1; }

    public static ColourMode of(boolean gray, boolean alpha) {
        if (gray) {
            return alpha ? GRAY_ALPHA : GRAY;
        }
        return alpha ? RGBA : RGB;
    }
}
