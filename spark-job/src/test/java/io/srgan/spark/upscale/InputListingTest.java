package io.srgan.spark.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.testing.BuildDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** Listing and naming on the local file system (the storage test runs folder listings on HDFS and S3). */
class InputListingTest {
    private static final Configuration CONF = new Configuration();

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[] {1});
    }

    private static List<String> relatives(List<InputFile> files) {
        return files.stream().map(InputFile::relative).toList();
    }

    @Test
    void aFolderIsListedRecursivelySkippingHiddenNamesNonImagesAndTheOutputInside() throws IOException {
        Path dir = BuildDirs.newFolder("listing", "folder-");
        touch(dir.resolve("b.PNG"));
        touch(dir.resolve("a/c.jpeg"));
        touch(dir.resolve("a/deep/d.tif"));
        touch(dir.resolve(".cache/e.png"));
        touch(dir.resolve("_logs/f.png"));
        touch(dir.resolve("a/.g.png"));
        touch(dir.resolve("readme.txt"));
        touch(dir.resolve("out/previous.png"));
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(dir.resolve("out").toUri());
        List<InputFile> files = InputListing.list(dir.toUri(), CONF, out);
        assertEquals(List.of("a/c.jpeg", "a/deep/d.tif", "b.PNG"), relatives(files));
        assertEquals(dir.resolve("a/deep/d.tif").toUri().getPath(), java.net.URI.create(files.get(1).uri()).getPath());
    }

    @Test
    void aSingleImageIsItselfUnderItsName() throws IOException {
        Path file = touch(BuildDirs.newFolder("listing", "single-").resolve("photo.jpg"));
        assertEquals(List.of("photo.jpg"), relatives(InputListing.list(file.toUri(), CONF, null)));
    }

    @Test
    void aManifestListsPathsAndUrisKeptBelowTheirCommonFolder() throws IOException {
        Path dir = BuildDirs.newFolder("listing", "manifest-");
        touch(dir.resolve("data/set1/x.png"));
        touch(dir.resolve("data/set2/y.png"));
        Path manifest = Files.writeString(Files.createDirectories(dir.resolve("lists")).resolve("todo.txt"), String.join("\n",
                "# images to upscale",
                "../data/set1/x.png",
                "",
                dir.resolve("data/set2/y.png").toString(),
                dir.resolve("data/set2/missing.png").toUri().toString()));
        List<InputFile> files = InputListing.list(manifest.toUri(), CONF, null);
        assertEquals(List.of("set1/x.png", "set2/missing.png", "set2/y.png"), relatives(files));
        assertTrue(files.get(0).uri().endsWith("/data/set1/x.png"), files.get(0).uri());
    }

    @Test
    void anythingElseIsAClearError() throws IOException {
        Path dir = BuildDirs.newFolder("listing", "errors-");
        Path notes = Files.writeString(dir.resolve("notes.md"), "hello");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InputListing.list(notes.toUri(), CONF, null));
        assertTrue(e.getMessage().contains("neither an image") && e.getMessage().contains("notes.md"), e.getMessage());
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> InputListing.list(dir.toUri(), CONF, new org.apache.hadoop.fs.Path(dir.toUri())));
        assertTrue(same.getMessage().contains("another folder than the input"), same.getMessage());
        IOException missing = assertThrows(IOException.class, () -> InputListing.list(dir.resolve("nope").toUri(), CONF, null));
        assertTrue(missing.getMessage().contains("no such file or folder"), missing.getMessage());
    }

    @Test
    void outputNamesFollowTheFormat() {
        assertEquals("a/photo.png", OutputFormat.PNG.outputPath("a/photo.JPG"));
        assertEquals("a/photo.JPG", OutputFormat.JPEG.outputPath("a/photo.JPG"));
        assertEquals("scan.jpg", OutputFormat.JPEG.outputPath("scan.bmp"));
        assertEquals("photo.jpeg", OutputFormat.SAME.outputPath("photo.jpeg"));
        assertEquals(OutputFormat.Encoding.JPEG, OutputFormat.SAME.encodingFor("photo.jpeg"));
        assertEquals("page.png", OutputFormat.SAME.outputPath("page.tiff"));
        assertEquals(OutputFormat.Encoding.PNG, OutputFormat.SAME.encodingFor("page.tiff"));
        assertEquals("v1.2/noext.png", OutputFormat.PNG.outputPath("v1.2/noext"));
        assertThrows(IllegalArgumentException.class, () -> OutputFormat.parse("webp"));
        assertEquals(OutputFormat.SAME, OutputFormat.parse("Same"));
    }
}
