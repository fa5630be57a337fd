package io.srgan.core.metric;

/** How a gray (1-channel) image gets its Y for scoring. */
public enum GrayPolicy {
    /**
     * The gray value itself is Y, as in the MATLAB evaluation scripts behind the published tables
     * (the default); an RGB image scored against a gray one is reduced to full-range BT.601 luma.
     */
    DIRECT,
    /** Gray is R = G = B and goes through the Y formula, as the EDSR / BasicSR PyTorch code does. */
    REPLICATE
}
