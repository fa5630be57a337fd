package io.srgan.spark.io;

/**
 * Size and CRC32C of a file's bytes as written or read.
 *
 * @param size   bytes
 * @param crc32c the CRC32C (Castagnoli) of the bytes as 8 lower-case hex digits
 */
public record FileDigest(long size, String crc32c) {
    static String hex(long crcValue) {
        return String.format("%08x", crcValue);
    }
}
