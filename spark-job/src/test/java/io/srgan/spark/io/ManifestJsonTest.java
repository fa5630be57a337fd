package io.srgan.spark.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestJsonTest {
    private static final CheckpointManifest MANIFEST = new CheckpointManifest("srgan-checkpoint", 1, 12,
            "2026-11-27T15:30:00Z", "CRC32C",
            List.of(new ManifestFile("generator.sd", 1024, "0badf00d"), new ManifestFile("state.json", 17, "12345678")),
            Map.of("val_psnr", 28.5));

    @Test
    void roundTrips() throws Exception {
        assertEquals(MANIFEST, ManifestJson.parse(ManifestJson.toBytes(MANIFEST)));
    }

    @Test
    void ignoresFieldsAddedWithinTheVersion() throws Exception {
        String json = text(MANIFEST).replace("\"round\"", "\"writer\" : \"srgan-spark 0.2\", \"round\"");
        assertEquals(MANIFEST, ManifestJson.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refusesANewerFormatVersionSayingSo() {
        String json = "{\"format\": \"srgan-checkpoint\", \"format_version\": 2, \"shards\": []}";
        assertRejected(json, "format_version 2", "newer srgan-spark");
    }

    @Test
    void refusesWhatNoWriterProduces() throws Exception {
        assertRejected("{\"format\": \"srgan-checkpoint\", \"format_version\": 1", "not JSON");
        assertRejected("[]", "not a JSON object");
        assertRejected("{\"format\": \"other\", \"format_version\": 1}", "format 'other'");
        assertRejected(text(MANIFEST).replace("\"round\" : 12,", ""), "does not match format version 1");
        assertRejected(text(MANIFEST).replace("state.json", "generator.sd"), "lists file 'generator.sd' twice");
        assertRejected(text(MANIFEST).replace("0badf00d", "0BADF00D"), "expected 8 lower-case hex digits");
        assertRejected(text(MANIFEST).replace("28.5", "1e400"), "metric 'val_psnr' = Infinity");
        assertRejected(text(MANIFEST).replace("state.json", "../state.json"), "invalid file name");
        assertRejected(text(MANIFEST).replace("\"CRC32C\"", "\"SHA-256\""), "checksum algorithm 'SHA-256'");
    }

    private static void assertRejected(String json, String... phrases) {
        InvalidManifestException e = assertThrows(InvalidManifestException.class,
                () -> ManifestJson.parse(json.getBytes(StandardCharsets.UTF_8)));
        for (String phrase : phrases) {
            assertTrue(e.getMessage().contains(phrase), "'" + e.getMessage() + "' should say '" + phrase + "'");
        }
    }

    private static String text(CheckpointManifest manifest) throws Exception {
        return new String(ManifestJson.toBytes(manifest), StandardCharsets.UTF_8);
    }
}
