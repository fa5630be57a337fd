package io.srgan.spark.retrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingManifestTest {
    @Test
    void imagesAreListedInPlaceAndARepeatedNameIsCopiedUnderAUniqueOne(@TempDir Path dir) throws Exception {
        Path a = write(dir.resolve("in/2025-03-01/img.png"), 1);
        Path b = write(dir.resolve("in/2025-03-02/img.png"), 2);
        Path c = write(dir.resolve("in/2025-03-02/other.png"), 3);
        Path run = dir.resolve("run");
        try (Storage storage = Storage.open(run.toUri(), HadoopSettings.empty())) {
            org.apache.hadoop.fs.Path manifest = TrainingManifest.write(storage, List.of(
                    new ImageRef(a.toUri(), "2025-03-01/img.png"), new ImageRef(b.toUri(), "2025-03-02/img.png"),
                    new ImageRef(c.toUri(), "2025-03-02/other.png")));
            List<String> lines = Files.readAllLines(Path.of(manifest.toUri())).stream().filter(l -> !l.startsWith("#")).toList();
            Path renamed = run.resolve("renamed/2025-03-02_img.png");
            assertEquals(List.of(a.toUri().toString(), renamed.toUri().toString(), c.toUri().toString()),
                    lines.stream().map(l -> Path.of(java.net.URI.create(l)).toUri().toString()).toList());
            assertArrayEquals(new byte[] {2}, Files.readAllBytes(renamed));
        }
    }

    private static Path write(Path f, int content) throws Exception {
        Files.createDirectories(f.getParent());
        return Files.write(f, new byte[] {(byte) content});
    }
}
