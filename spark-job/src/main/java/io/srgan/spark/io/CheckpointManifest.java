package io.srgan.spark.io;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code MANIFEST.json}, written last into a checkpoint folder: its presence, with every listed file
 * present at the recorded size, is what makes the checkpoint complete.
 *
 * <pre>{@code
 * {
 *   "format" : "srgan-checkpoint",
 *   "format_version" : 1,
 *   "round" : 12,
 *   "created_at" : "2026-11-27T15:30:00Z",
 *   "checksum" : "CRC32C",
 *   "files" : [ { "name" : "state.npz", "size" : 1048576, "crc32c" : "5d2c7a1e" } ],
 *   "metrics" : { "val_psnr_y" : 28.41 }
 * }
 * }</pre>
 *
 * <p>Fields may be added within a format version (readers ignore unknown ones); a change of meaning
 * raises {@code format_version}, and a reader refuses versions newer than it knows.
 *
 * @param format        always {@value #FORMAT}
 * @param formatVersion {@value #FORMAT_VERSION} for what this code writes
 * @param step          the training step the checkpoint was taken after; equals the folder's number.
 *                      Stored as {@code "round"}: the field's name in format version 1, kept so that
 *                      manifests already written read back
 * @param createdAt     ISO-8601 instant, informational
 * @param checksum      always {@value #CHECKSUM}
 * @param files         every file of the checkpoint except the manifest, in writing order
 * @param metrics       finite values by name, e.g. {@code val_psnr_y}; retention picks the best by one
 */
public record CheckpointManifest(
        @JsonProperty("format") String format,
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("round") long step,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("checksum") String checksum,
        @JsonProperty("files") List<ManifestFile> files,
        @JsonProperty("metrics") Map<String, Double> metrics) {

    public static final String FORMAT = "srgan-checkpoint";
    public static final int FORMAT_VERSION = 1;
    /*
     * CRC32C rather than SHA-256: the threat is torn, truncated or rotted bytes, not tampering (whoever
     * can replace a file can rewrite this manifest beside it, so a cryptographic hash here would defend
     * nothing). CRC32C catches every burst error up to 32 bits, runs at memory speed through the JDK's
     * SSE4.2 intrinsic so open() can always verify, and is the checksum HDFS (COMPOSITE_CRC) and S3
     * (x-amz-checksum-crc32c) compute themselves.
     */
    public static final String CHECKSUM = "CRC32C";

    public CheckpointManifest {
        files = List.copyOf(files);
        metrics = Map.copyOf(metrics);
    }

    public Optional<ManifestFile> file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public OptionalDouble metric(String name) {
        Double value = metrics.get(name);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
