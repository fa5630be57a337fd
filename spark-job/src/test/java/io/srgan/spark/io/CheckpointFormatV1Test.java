package io.srgan.spark.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.srgan.spark.testing.BuildDirs;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint of format version 1, written once and kept in test resources, must load with every
 * later version of this code, and the writer must still produce exactly that layout.
 */
class CheckpointFormatV1Test {
    private static final byte[] GENERATOR = generator();
    private static final byte[] STATE = "{\"round\": 3, \"seed\": 42}\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void theKeptCheckpointLoadsAndVerifies() throws Exception {
        try (CheckpointStore store = CheckpointStore.open(keptRun(), new Configuration())) {
            Checkpoint checkpoint = store.latest(Verification.CHECKSUMS).orElseThrow();
            assertEquals(3, checkpoint.step());
            assertEquals(Map.of("val_psnr", 27.5, "l_g_pix", 0.0125), checkpoint.metrics());
            try (InputStream in = checkpoint.open("generator.bin")) {
                assertArrayEquals(GENERATOR, in.readAllBytes());
            }
            try (InputStream in = checkpoint.open("state.json")) {
                assertArrayEquals(STATE, in.readAllBytes());
            }
        }
    }

    @Test
    void theWriterProducesTheKeptManifestByteForByte() throws Exception {
        Path run = BuildDirs.newFolder("format-v1", "run-");
        Map<String, StreamWriter> files = new LinkedHashMap<>();
        files.put("generator.bin", out -> out.write(GENERATOR));
        files.put("state.json", out -> out.write(STATE));
        try (CheckpointStore store = CheckpointStore.open(run.toUri(), new Configuration())) {
            store.commit(3, files, Map.of("val_psnr", 27.5, "l_g_pix", 0.0125));
        }
        String kept = Files.readString(Path.of(keptRun()).resolve("ckpt-00000003/MANIFEST.json"));
        String written = Files.readString(run.resolve("ckpt-00000003/MANIFEST.json"));
        String timestamp = "\"created_at\" : \"[^\"]+\"";
        assertEquals(kept.replaceAll(timestamp, "T"), written.replaceAll(timestamp, "T"));
        assertEquals("ckpt-00000003\n", Files.readString(run.resolve("LATEST")));
    }

    private static URI keptRun() throws URISyntaxException, IOException {
        var resource = CheckpointFormatV1Test.class.getResource("/checkpoints/format-v1/LATEST");
        if (resource == null) {
            throw new IOException("test resource /checkpoints/format-v1 is missing");
        }
        return resource.toURI().resolve(".");
    }

    private static byte[] generator() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }
}
