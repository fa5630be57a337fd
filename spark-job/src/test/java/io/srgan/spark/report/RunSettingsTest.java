package io.srgan.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSettingsTest {
    private static RunSettings read(String json) throws IOException {
        return RunSettings.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "config.json");
    }

    @Test
    void readsTheResolvedConfigUnderItsRootKey() throws IOException {
        RunSettings s = read("{\"srgan\":{\"scale\":2,\"train\":{\"steps\":900,\"psnr-steps\":700},"
                + "\"validation\":{\"hr\":\"hdfs://nn:8020/val\"},\"hadoop\":{\"fs\":{\"s3a\":{\"endpoint\":\"http://s3:9000\","
                + "\"path\":{\"style\":{\"access\":true}}}},\"dfs.replication\":\"2\"}}}");
        assertEquals(new RunSettings(2, 700, 900, "hdfs://nn:8020/val",
                Map.of("fs.s3a.endpoint", "http://s3:9000", "fs.s3a.path.style.access", "true", "dfs.replication", "2")), s);
    }

    @Test
    void readsAConfigRenderedWithoutTheRootKeyAndMissingValues() throws IOException {
        assertEquals(new RunSettings(4, -1, -1, null, Map.of()), read("{\"scale\":4,\"validation\":{\"hr\":null}}"));
    }

    @Test
    void keepsTheDegradationBlockOnlyWhenItIsEnabled() throws IOException {
        RunSettings on = read("{\"srgan\":{\"scale\":4,\"degradation\":{\"enabled\":true,\"final\":{\"sinc-prob\":0.5}}}}");
        assertEquals("{\"enabled\":true,\"final\":{\"sinc-prob\":0.5}}", on.degradation());
        assertEquals(null, read("{\"srgan\":{\"scale\":4,\"degradation\":{\"enabled\":false}}}").degradation());
        assertEquals(null, read("{\"srgan\":{\"scale\":4}}").degradation());
    }

    @Test
    void notJsonIsAnErrorNamingTheFile() {
        IOException e = assertThrows(IOException.class, () -> read("srgan { scale = 4 }"));
        assertEquals(true, e.getMessage().startsWith("config.json: not JSON"), e.getMessage());
    }
}
