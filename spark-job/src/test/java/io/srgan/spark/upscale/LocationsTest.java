package io.srgan.spark.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocationsTest {
    @Test
    void pathsWithoutASchemeAreLocalAndAbsolute() {
        assertEquals(Path.of("").toAbsolutePath().resolve("img.png").toUri(), Locations.toUri("img.png"));
        assertEquals(Path.of("").toAbsolutePath().resolve("runs/quickstart").toUri(), Locations.toUri("runs/./quickstart"));
        assertEquals(URI.create("file:///data/in"), Locations.toUri("/data/in/"));
    }

    @Test
    void urisStayAsGiven() {
        assertEquals(URI.create("s3a://bucket/photos/"), Locations.toUri("s3a://bucket/photos/"));
        assertEquals(URI.create("hdfs://nn:8020/data"), Locations.toUri("hdfs://nn:8020/data"));
        assertEquals(URI.create("file:///tmp/x.png"), Locations.toUri("file:///tmp/x.png"));
    }
}
