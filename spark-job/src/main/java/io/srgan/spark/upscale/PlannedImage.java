package io.srgan.spark.upscale;

import java.io.Serializable;

/**
 * An input with the output it will get.
 *
 * @param output   the output's path relative to the output folder
 * @param encoding the format the output is written in
 */
record PlannedImage(InputFile input, String output, OutputFormat.Encoding encoding) implements Serializable {}
