package io.srgan.spark.upscale;

/** Which generator weights of a checkpoint to upscale with. */
public enum WeightChoice {
    /** The EMA weights when the checkpoint has them, else the raw ones (the default). */
    PREFER_EMA,
    /** The EMA weights; a checkpoint without them is an error. */
    EMA,
    /** The raw (last optimiser step) weights even when EMA weights exist. */
    RAW
}
