package io.srgan.spark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigLoaderTest {
    @Test
    void quickstartPresetLoadsWithDefaultsAndOverrides() {
        JobConfig c = JobConfigLoader.load(Path.of("../conf/quickstart.conf"), List.of("train.steps=123", "srgan.loss.pixel=mse"));
        assertEquals(123, c.steps());
        assertEquals("mse", c.train().loss().pixel());
        assertEquals(32, c.train().generator().channels());
        assertEquals(0.999, c.train().emaDecay()); // from reference.conf
        assertEquals(1e-6 / 2e-4, c.train().schedule().minFactor(), 1e-12);
    }

    @Test
    void unknownKeysAreErrorsNamingTheKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("run.conf");
        Files.writeString(f, "srgan { train { hr = x, stepz = 5 }, generator.blocks = 4 }");
        ConfigException e = assertThrows(ConfigException.class, () -> JobConfigLoader.load(f, List.of()));
        assertTrue(e.getMessage().contains("srgan.train.stepz"), e.getMessage());
        ConfigException o = assertThrows(ConfigException.class, () -> JobConfigLoader.load(f, List.of("train.stepz=1")));
        assertTrue(o.getMessage().contains("stepz"), o.getMessage());
    }

    @Test
    void badValuesNameTheKeyAndWhatIsAllowed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("run.conf");
        Files.writeString(f, "srgan.train.hr = x");
        ConfigException arch = assertThrows(ConfigException.class, () -> JobConfigLoader.load(f, List.of("generator.arch=edsr")));
        assertTrue(arch.getMessage().contains("known: msrresnet, srresnet"), arch.getMessage());
        ConfigException type = assertThrows(ConfigException.class, () -> JobConfigLoader.load(f, List.of("train.batch=many")));
        assertTrue(type.getMessage().contains("train.batch"), type.getMessage());
        ConfigException scale = assertThrows(ConfigException.class, () -> JobConfigLoader.load(f, List.of("scale=5")));
        assertTrue(scale.getMessage().contains("scale must be one of"), scale.getMessage());
        Files.writeString(f, "srgan.train.steps = 10");
        ConfigException hr = assertThrows(ConfigException.class, () -> JobConfigLoader.load(f, List.of()));
        assertTrue(hr.getMessage().contains("srgan.train.hr"), hr.getMessage());
    }
}
