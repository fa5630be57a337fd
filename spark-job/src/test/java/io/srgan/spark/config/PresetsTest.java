package io.srgan.spark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.retrain.PromotionPolicy;
import io.srgan.spark.retrain.RetrainConfig;
import io.srgan.spark.retrain.RetrainConfigLoader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every preset in conf/ loads through the loaders (unknown keys and bad values would fail here). */
class PresetsTest {
    private static final Path CONF = Path.of("../conf");

    @Test
    void everyPresetLoads() throws Exception {
        List<Path> presets;
        try (Stream<Path> files = Files.list(CONF)) {
            presets = files.filter(f -> f.toString().endsWith(".conf")).sorted().toList();
        }
        assertTrue(presets.size() >= 4, presets.toString());
        for (Path p : presets) {
            JobConfig c = JobConfigLoader.load(p, List.of());
            assertTrue(c.steps() > 0, p.toString());
        }
    }

    @Test
    void realEsrganPresetsAreThePapersRecipes() {
        JobConfig net = JobConfigLoader.load(CONF.resolve("realesrnet-x4.conf"), List.of());
        assertEquals(io.srgan.core.arch.GeneratorConfig.rrdb(23, 64, 32, 4), net.train().generator());
        assertEquals(io.srgan.core.degrade.DegradationSettings.realEsrgan(4), net.degradation());
        assertEquals(net.steps(), net.train().psnrSteps(), "PSNR stage only");
        JobConfig gan = JobConfigLoader.load(CONF.resolve("realesrgan-x4.conf"), List.of());
        assertEquals(net.train().generator(), gan.train().generator(), "fine-tunes the Real-ESRNet generator");
        assertEquals(io.srgan.core.arch.DiscriminatorConfig.unetSn(64), gan.train().discriminator());
        assertEquals(0.1, gan.train().loss().adversarialWeight());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0.1, 0.1, 1, 1, 1}, gan.train().loss().perceptual().layerWeights(), 0);
        assertTrue(gan.init() != null && gan.init().source().endsWith("realesrnet-x4"));
        JobConfig small = JobConfigLoader.load(CONF.resolve("realesrgan-small.conf"), List.of());
        assertTrue(small.init().source().endsWith("realesrnet-small"));
        assertEquals(small.train().generator(), JobConfigLoader.load(CONF.resolve("realesrnet-small.conf"), List.of()).train().generator());
    }

    @Test
    void clusterPresetsAreThePaperRecipes() {
        JobConfig srresnet = JobConfigLoader.load(CONF.resolve("srresnet-x4.conf"), List.of());
        assertEquals("srresnet", srresnet.train().generator().arch());
        assertEquals(16, srresnet.train().generator().blocks());
        assertEquals(4, srresnet.train().generator().scale());
        assertEquals("mse", srresnet.train().loss().pixel());
        assertEquals(srresnet.steps(), srresnet.train().psnrSteps(), "PSNR-oriented: no GAN phase");

        JobConfig srgan = JobConfigLoader.load(CONF.resolve("srgan-x4.conf"), List.of());
        assertEquals(srresnet.train().generator(), srgan.train().generator(), "SRGAN fine-tunes SRResNet's network");
        assertEquals("vanilla", srgan.train().loss().adversarial());
        assertEquals(1e-3, srgan.train().loss().adversarialWeight());
        assertTrue(srgan.train().psnrSteps() < srgan.steps());
    }

    @Test
    void theRetrainPresetFineTunesTheSrganNetworks() {
        RetrainConfig r = RetrainConfigLoader.load(CONF.resolve("retrain.conf"), List.of());
        assertEquals(URI.create("hdfs:///srgan/store"), r.store());
        assertEquals(new PromotionPolicy(PromotionPolicy.BETTER_BY_MARGIN, 0.05), r.policy());
        assertEquals(Duration.ofMinutes(30), r.lease().ttl());
        assertEquals(256, r.replayImages());
        JobConfig recipe = r.recipe().loadForChecks();
        JobConfig srgan = JobConfigLoader.load(CONF.resolve("srgan-x4.conf"), List.of());
        assertEquals(srgan.train().generator(), recipe.train().generator());
        assertEquals(srgan.train().discriminator(), recipe.train().discriminator());
        assertEquals(0, recipe.train().psnrSteps());
        assertEquals(2000, recipe.steps());
    }

    @Test
    void badRetrainSettingsNameTheKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("r.conf");
        Files.writeString(f, "srgan.retrain { store = /s, incoming = /i, validation-hr = /v }");
        ConfigException policy = assertThrows(ConfigException.class,
                () -> RetrainConfigLoader.load(f, List.of("retrain.promote.policy=best")));
        assertTrue(policy.getMessage().contains("better-by-margin or not-worse"), policy.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> RetrainConfigLoader.load(f, List.of("retrain.lease.tll=5m")));
        assertTrue(unknown.getMessage().contains("srgan.retrain.lease.tll"), unknown.getMessage());
        Files.writeString(f, "srgan.retrain { store = /s, validation-hr = /v }");
        ConfigException missing = assertThrows(ConfigException.class, () -> RetrainConfigLoader.load(f, List.of()));
        assertTrue(missing.getMessage().contains("srgan.retrain.incoming is required"), missing.getMessage());
        Files.writeString(f, "srgan.retrain { store = /s, incoming = /i, validation-hr = /v }");
        assertEquals(Path.of("/i").toUri(), RetrainConfigLoader.load(f, List.of()).incoming(), "a local path becomes a file URI");
    }
}
