package io.srgan.spark.config;

import io.srgan.core.train.TrainConfig;

/**
 * A resolved, validated training run: the core training settings plus where the data, validation
 * images and outputs are and how often to log, validate and checkpoint.
 *
 * @param trainLr    LR folder, or null to make LR from HR by MATLAB bicubic
 * @param validationHr validation HR folder, or null for none
 */
public record JobConfig(TrainConfig train, String output, String trainHr, String trainLr, long steps, int batch,
                        int lrPatch, boolean augment, String validationHr, long validationEvery,
                        long checkpointEvery, int keepLast, long logEvery, String rendered) {
}
