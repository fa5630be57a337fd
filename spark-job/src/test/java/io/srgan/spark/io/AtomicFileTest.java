package io.srgan.spark.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.testing.AllStorages;
import io.srgan.spark.testing.TestStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

class AtomicFileTest {

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void replacesWholeAndLeavesNoTemporary(TestStorage storage) throws IOException {
        try (Storage store = Storage.open(storage.newFolder("atomic"), storage.configuration())) {
            Path target = store.resolve("config.json");
            FileDigest first = AtomicFile.write(store, target, out -> out.write(bytes("first version")));
            // CRC32C by an independent bitwise implementation (its check value for "123456789" is e3069283)
            assertEquals(new FileDigest(13, "653a2963"), first);
            assertEquals("first version", read(store.fileSystem(), target));

            AtomicFile.write(store, target, out -> out.write(bytes("second")));
            assertEquals("second", read(store.fileSystem(), target));
            assertEquals(List.of("config.json"), names(store.fileSystem(), store.root()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void aFailingWriterLeavesThePreviousContent(TestStorage storage) throws IOException {
        try (Storage store = Storage.open(storage.newFolder("atomic-fail"), storage.configuration())) {
            Path target = store.resolve("config.json");
            AtomicFile.write(store, target, out -> out.write(bytes("good")));

            IOException e = assertThrows(IOException.class, () -> AtomicFile.write(store, target, out -> {
                out.write(bytes("half of a new vers"));
                out.flush();
                throw new IOException("serializer failed (simulated)");
            }));
            assertTrue(e.getMessage().contains("simulated"), e.getMessage());
            assertEquals("good", read(store.fileSystem(), target));
            assertEquals(List.of("config.json"), names(store.fileSystem(), store.root()));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String read(FileSystem fs, Path path) throws IOException {
        try (InputStream in = fs.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> names(FileSystem fs, Path folder) throws IOException {
        return Arrays.stream(fs.listStatus(folder)).map(FileStatus::getPath).map(Path::getName).sorted().toList();
    }
}
