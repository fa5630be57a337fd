package io.srgan.spark.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.train.PerceptualConfig;
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
    void perceptualLossSettings(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("run.conf");
        Files.writeString(f, "srgan.train.hr = x");
        PerceptualConfig off = JobConfigLoader.load(f, List.of()).train().loss().perceptual();
        assertEquals(false, off.enabled());
        assertEquals(List.of("block5_conv4"), off.layers());
        assertEquals(true, off.beforeActivation());
        assertEquals("l1", off.criterion());
        assertEquals("caffe", off.preprocessing());

        PerceptualConfig one = JobConfigLoader.load(f, List.of("loss.perceptual.weight=1", "loss.perceptual.model=/models/vgg19.h5",
                "loss.perceptual.criterion=mse", "loss.perceptual.before-activation=false", "loss.perceptual.preprocessing=torch"))
                .train().loss().perceptual();
        assertEquals(1.0, one.weight());
        assertEquals(Path.of("/models/vgg19.h5"), one.model());
        assertEquals("mse", one.criterion());
        assertEquals(false, one.beforeActivation());
        assertEquals("torch", one.preprocessing());

        JobConfig twoLayers = JobConfigLoader.load(f, List.of("loss.perceptual.weight=1", "loss.perceptual.model=vgg.h5",
                "loss.perceptual.layer=[block3_conv4, block5_conv4]", "loss.perceptual.layer-weights=[0.5, 1]"));
        // executors rebuild the configuration from its rendered form
        for (PerceptualConfig two : List.of(twoLayers.train().loss().perceptual(),
                JobConfigLoader.fromRendered(twoLayers.rendered()).train().loss().perceptual())) {
            assertEquals(List.of("block3_conv4", "block5_conv4"), two.layers());
            assertArrayEquals(new double[] {0.5, 1}, two.effectiveLayerWeights());
            assertEquals(Path.of("vgg.h5"), two.model());
        }

        ConfigException noModel = assertThrows(ConfigException.class, () -> JobConfigLoader.load(f, List.of("loss.perceptual.weight=1")));
        assertTrue(noModel.getMessage().contains("loss.perceptual.model"), noModel.getMessage());
        ConfigException pre = assertThrows(ConfigException.class, () -> JobConfigLoader.load(f, List.of("loss.perceptual.preprocessing=tf")));
        assertTrue(pre.getMessage().contains("known: caffe, torch, none"), pre.getMessage());
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

    @Test
    void learningRateScalingWithPartitions(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("run.conf");
        Files.writeString(f, "srgan.train.hr = x");
        assertEquals(1.0, JobConfigLoader.load(f, List.of()).cluster().lrScale(4)); // none by default
        assertEquals(2.0, JobConfigLoader.load(f, List.of("cluster.lr-scaling=sqrt")).cluster().lrScale(4));
        JobConfig linear = JobConfigLoader.load(f, List.of("cluster.lr-scaling=linear", "optimizer.generator.lr=1e-4"));
        assertEquals(4.0, linear.cluster().lrScale(4));
        assertEquals(4e-4, linear.train().withLearningRatesScaled(linear.cluster().lrScale(4)).adamG().lr(), 1e-18);
        ConfigException bad = assertThrows(ConfigException.class, () -> JobConfigLoader.load(f, List.of("cluster.lr-scaling=cubic")));
        assertTrue(bad.getMessage().contains("srgan.cluster.lr-scaling"), bad.getMessage());
    }
}
