package io.srgan.spark.upscale;

import java.io.Serializable;

/**
 * One input image as listed.
 *
 * @param uri      fully qualified location ({@code file:/…}, {@code hdfs://…}, {@code s3a://…})
 * @param relative its path below the listed folder (or the manifest's common folder), '/'-separated;
 *                 the output keeps it
 */
public record InputFile(String uri, String relative) implements Serializable {}
