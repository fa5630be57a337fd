package io.srgan.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one rule for which files are images, shared by every listing (training, validation, retraining, upscaling). */
class ImageFolderTest {
    @Test
    void imageNamesByExtensionInAnyCase() {
        for (String yes : List.of("a.png", "b.JPG", "c.jpeg", "d.Tiff", "e.bmp", "dir.with.dots/f.tif", "_x.png")) {
            assertTrue(ImageFolder.hasImageExtension(yes), yes);
        }
        for (String no : List.of("a.txt", "png", ".png", "dir.png/file", "a.png.tmp", "a.")) {
            assertFalse(ImageFolder.hasImageExtension(no), no);
        }
    }

    @Test
    void listingsSkipHiddenFilesAndHadoopMarkers(@TempDir Path dir) throws Exception {
        for (String name : List.of("b.png", "a.JPG", ".hidden.png", "_SUCCESS", "_temporary.png", "notes.txt")) {
            Files.writeString(dir.resolve(name), "x");
        }
        Files.createDirectory(dir.resolve("sub.png"));
        assertEquals(List.of(dir.resolve("a.JPG"), dir.resolve("b.png")), ImageFolder.list(dir));
        assertFalse(ImageFolder.isListedImage("_SUCCESS"));
        assertFalse(ImageFolder.isListedImage(".a.png"));
        assertTrue(ImageFolder.isListedImage("a.png"));
    }
}
