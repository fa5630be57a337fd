package io.srgan.spark.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and writes {@link CheckpointManifest} as JSON, rejecting anything a writer of it could not produce. */
final class ManifestJson {
    /** A manifest larger than this is not one of ours; refuse rather than read it into memory. */
    static final int MAX_BYTES = 4 << 20;

    private static final Pattern HEX8 = Pattern.compile("[0-9a-f]{8}");
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ManifestJson() {
    }

    static byte[] toBytes(CheckpointManifest manifest) throws IOException {
        return MAPPER.writeValueAsBytes(manifest);
    }

    static CheckpointManifest parse(byte[] json) throws InvalidManifestException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new InvalidManifestException(CheckpointNames.MANIFEST + " is not JSON: " + firstLine(e));
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidManifestException(CheckpointNames.MANIFEST + " is not a JSON object");
        }
        // Format and version first: a newer version may lack fields this reader requires.
        String format = tree.path("format").asText("");
        if (!CheckpointManifest.FORMAT.equals(format)) {
            throw new InvalidManifestException(CheckpointNames.MANIFEST + " has format '" + format + "', expected '"
                    + CheckpointManifest.FORMAT + "'");
        }
        int version = tree.path("format_version").asInt(-1);
        if (version != CheckpointManifest.FORMAT_VERSION) {
            throw new InvalidManifestException(CheckpointNames.MANIFEST + " has format_version " + tree.get("format_version")
                    + "; this reader knows version " + CheckpointManifest.FORMAT_VERSION
                    + (version > CheckpointManifest.FORMAT_VERSION ? " (written by a newer srgan-spark: upgrade to read it)" : ""));
        }
        CheckpointManifest manifest;
        try {
            manifest = MAPPER.treeToValue(tree, CheckpointManifest.class);
        } catch (JsonProcessingException e) {
            throw new InvalidManifestException(CheckpointNames.MANIFEST + " does not match format version "
                    + CheckpointManifest.FORMAT_VERSION + ": " + firstLine(e));
        }
        check(manifest);
        return manifest;
    }

    /** The rules every manifest obeys, shared by the writer (before writing) and the reader. */
    static void check(CheckpointManifest m) throws InvalidManifestException {
        if (m.step() < 0) {
            throw new InvalidManifestException("round " + m.step() + " is negative");
        }
        if (!CheckpointManifest.CHECKSUM.equals(m.checksum())) {
            throw new InvalidManifestException("checksum algorithm '" + m.checksum() + "' is not " + CheckpointManifest.CHECKSUM);
        }
        if (m.files().isEmpty()) {
            throw new InvalidManifestException("lists no files");
        }
        Set<String> names = new HashSet<>();
        for (ManifestFile f : m.files()) {
            if (f == null || !CheckpointNames.isValidFileName(f.name())) {
                throw new InvalidManifestException("lists an invalid file name: " + (f == null ? null : "'" + f.name() + "'"));
            }
            if (!names.add(f.name())) {
                throw new InvalidManifestException("lists file '" + f.name() + "' twice");
            }
            if (f.size() < 0) {
                throw new InvalidManifestException("records a negative size for '" + f.name() + "'");
            }
            if (f.crc32c() == null || !HEX8.matcher(f.crc32c()).matches()) {
                throw new InvalidManifestException("records CRC32C '" + f.crc32c() + "' for '" + f.name()
                        + "', expected 8 lower-case hex digits");
            }
        }
        for (Map.Entry<String, Double> e : m.metrics().entrySet()) {
            if (e.getKey().isBlank() || e.getValue() == null || !Double.isFinite(e.getValue())) {
                throw new InvalidManifestException("metric '" + e.getKey() + "' = " + e.getValue() + " is not a finite number");
            }
        }
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
