package io.srgan.spark.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every output is proven inside the output root, on each kind of root: a local folder, HDFS, an S3 prefix. */
class OutputPathsTest {
    /** Names that would leave the root, land on it, or on the job's own files: one per way of doing it. */
    private static final List<String> HOSTILE = List.of(
            "", "/etc/evil.png", "\\evil.png", "../evil.png", "../../x/evil.png", "a/../../evil.png", "a/./b.png", "./b.png",
            "a//b.png", "a/", "..", ".", "a\\..\\..\\evil.png", "..\\evil.png", "%2e%2e/evil.png", "a/%2E%2e/%2e%2E/evil.png",
            "%252e%252e/evil.png", ".%2e/evil.png", "C:/evil.png", "c:\\evil.png", "_upscale/model.png", "_upscale/lease/x.png",
            "_errors.jsonl", "_SUMMARY.json", "a/_tmp-b.png-0d6e1d8e-7c9b-4b3e-9a53-2b2f0e8c1a11");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"file:/data/out", "hdfs://nn:8020/data/out", "s3a://bucket/photos-x4"})
    void namesThatLeaveTheRootOrHitItsOwnFilesAreRefusedWithTheReason(String root) {
        OutputPaths paths = new OutputPaths(root, OutputFormat.PNG);
        for (String name : HOSTILE) {
            String refusal = paths.refusal(name);
            assertNotNull(refusal, root + ": '" + name + "' must be refused");
            assertTrue(refusal.contains("'" + name + "'"), refusal);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> paths.resolve(name), name);
            assertEquals(refusal, e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"file:/data/out", "hdfs://nn:8020/data/out/", "s3a://bucket/photos-x4"})
    void ordinaryNamesResolveBelowTheRootExactlyAsGiven(String root) {
        OutputPaths paths = new OutputPaths(root, OutputFormat.PNG);
        String folder = new Path(root).toUri().getPath().replaceAll("/$", "") + "/";
        for (String name : List.of("a.png", "sub/deeper/b.png", "v1.2/..c.png", "...png", "a..b/c.png", "photo:1.png", "x/y:z.png",
                "name with space #1 ?.png", "100%.png", "%41.png", "_logs/old.png", "a\\b.png")) {
            assertNull(paths.refusal(name), name);
            Path target = paths.resolve(name);
            assertEquals(new Path(root).toUri().getScheme(), target.toUri().getScheme(), name);
            assertEquals(new Path(root).toUri().getAuthority(), target.toUri().getAuthority(), name);
            assertEquals(folder + name, target.toUri().getPath(), name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"file:/data/out", "hdfs://nn:8020/data/out", "s3a://bucket/photos-x4"})
    void aManifestEntryAboveTheFileSystemRootIsPlannedButRefused(String root) {
        // how InputListing names an entry such as "/../x/evil.png": the path above its common folder, '..' kept
        OutputPaths paths = new OutputPaths(root, OutputFormat.SAME);
        PlannedImage image = paths.plan(new InputFile("file:/../x/evil.jpg", "../x/evil.jpg"));
        assertEquals("../x/evil.jpg", image.output());
        assertTrue(paths.refusal(image.output()).contains("has a '..' segment"), paths.refusal(image.output()));
    }
}
