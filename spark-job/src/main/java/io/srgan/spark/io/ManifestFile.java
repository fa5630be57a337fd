package io.srgan.spark.io;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One file of a checkpoint as its manifest records it.
 *
 * @param name   file name inside the checkpoint folder
 * @param size   length in bytes
 * @param crc32c CRC32C (Castagnoli) of the content, 8 lower-case hex digits
 */
public record ManifestFile(
        @JsonProperty("name") String name,
        @JsonProperty("size") long size,
        @JsonProperty("crc32c") String crc32c) {
}
