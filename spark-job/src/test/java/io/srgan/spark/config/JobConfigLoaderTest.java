package io.srgan.spark.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.inference.Precision;
import io.srgan.core.train.PerceptualConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    void clusterExchangeDivergenceAndGanWarmupSettings() {
        Path quick = Path.of("../conf/quickstart.conf");
        JobConfig d = JobConfigLoader.load(quick, List.of());
        assertEquals(0, d.cluster().reducers());
        assertEquals(1 << 20, d.cluster().sliceFloats(), "4M slices");
        assertEquals(0, d.cluster().reshuffleEvery());
        assertEquals(new JobConfig.Divergence("stop", 3), d.divergence());
        assertEquals(0, d.train().schedule().ganWarmupSteps());

        assertEquals(Precision.FP32, JobConfigLoader.load(quick, List.of()).validationPrecision());
        JobConfig c = JobConfigLoader.load(quick, List.of("cluster.reducers=6", "cluster.slice-size=64K", "cluster.reshuffle-every=5",
                "train.on-divergence=halve-lr", "train.divergence-limit=7", "optimizer.schedule.gan-warmup-steps=200",
                "validation.precision=bf16"));
        assertEquals(Precision.BF16, c.validationPrecision());
        assertEquals(Precision.BF16, JobConfigLoader.fromRendered(c.rendered()).validationPrecision());
        assertEquals(6, c.cluster().reducers());
        assertEquals(16384, c.cluster().sliceFloats());
        assertEquals(5, c.cluster().reshuffleEvery());
        assertEquals(new JobConfig.Divergence("halve-lr", 7), c.divergence());
        assertEquals(200, c.train().schedule().ganWarmupSteps());
        assertEquals(200, JobConfigLoader.fromRendered(c.rendered()).train().schedule().ganWarmupSteps());

        for (String bad : List.of("train.on-divergence=retry", "cluster.reducers=-1", "cluster.slice-size=2", "cluster.reshuffle-every=-3",
                "train.divergence-limit=0", "optimizer.schedule.gan-warmup-steps=-1", "validation.precision=fp16")) {
            ConfigException e = assertThrows(ConfigException.class, () -> JobConfigLoader.load(quick, List.of(bad)), bad);
            assertTrue(e.getMessage().contains(bad.substring(0, bad.indexOf('='))), e.getMessage());
        }
        ConfigException int8 = assertThrows(ConfigException.class, () -> JobConfigLoader.load(quick, List.of("validation.precision=int8")));
        assertTrue(int8.getMessage().contains("int8 is not for validation"), int8.getMessage());
        ConfigException removed = assertThrows(ConfigException.class, () -> JobConfigLoader.load(quick, List.of("cluster.tree-depth=2")));
        assertTrue(removed.getMessage().contains("tree-depth was removed") && removed.getMessage().contains("cluster.reducers"),
                removed.getMessage());
    }

    @Test
    void rrdbGeneratorSettings() {
        JobConfig c = JobConfigLoader.load(Path.of("../conf/quickstart.conf"),
                List.of("generator.arch=rrdb", "generator.blocks=2", "generator.growth=16", "generator.upsampler=nearest"));
        assertEquals(GeneratorConfig.rrdb(2, 32, 16, 4), c.train().generator());
        assertEquals(0, JobConfigLoader.load(Path.of("../conf/quickstart.conf"), List.of()).train().generator().growth(),
                "growth means nothing to msrresnet");
        ConfigException up = assertThrows(ConfigException.class, () -> JobConfigLoader.load(Path.of("../conf/quickstart.conf"),
                List.of("generator.arch=rrdb")));
        assertTrue(up.getMessage().contains("generator.upsampler = nearest"), up.getMessage());

        // x1 (Real-ESRGAN's restoration model): patches in 4x4 groups, and something to learn besides the identity
        List<String> x1 = List.of("scale=1", "generator.arch=rrdb", "generator.upsampler=nearest", "train.lr-patch=16");
        JobConfig one = JobConfigLoader.load(Path.of("../conf/quickstart.conf"),
                java.util.stream.Stream.concat(x1.stream(), java.util.stream.Stream.of("degradation.enabled=true")).toList());
        assertEquals(4, one.train().generator().inputAlignment());
        ConfigException identity = assertThrows(ConfigException.class, () -> JobConfigLoader.load(Path.of("../conf/quickstart.conf"), x1));
        assertTrue(identity.getMessage().contains("srgan.scale") && identity.getMessage().contains("bicubic downscaling by 1 is the identity"),
                identity.getMessage());
        ConfigException patch = assertThrows(ConfigException.class, () -> JobConfigLoader.load(Path.of("../conf/quickstart.conf"),
                List.of("scale=2", "generator.arch=rrdb", "generator.upsampler=nearest", "train.lr-patch=15")));
        assertTrue(patch.getMessage().contains("srgan.train.lr-patch") && patch.getMessage().contains("must be a multiple of 2"), patch.getMessage());
    }

    @Test
    void esrganVggDiscriminatorTakesOnlyItsPatchSizeAndSaysWhichBeforeAnythingStarts() {
        Path quick = Path.of("../conf/quickstart.conf"); // scale 4, train.lr-patch 24: 96x96 HR patches
        JobConfig c = JobConfigLoader.load(quick, List.of("discriminator.arch=vgg128", "train.lr-patch=32", "loss.feature-matching-weight=1",
                "loss.feature-blocks=[9]"));
        assertEquals(io.srgan.core.arch.DiscriminatorConfig.vggStyle(32, 128), c.train().discriminator());
        assertEquals(c.train().discriminator(), JobConfigLoader.fromRendered(c.rendered()).train().discriminator());
        assertEquals("vgg256", JobConfigLoader.load(quick, List.of("discriminator.arch=vgg256", "train.lr-patch=64"))
                .train().discriminator().arch());

        ConfigException patch = assertThrows(ConfigException.class, () -> JobConfigLoader.load(quick, List.of("discriminator.arch=vgg128")));
        assertTrue(patch.getMessage().contains("quickstart.conf") && patch.getMessage().contains("discriminator.arch = vgg128")
                && patch.getMessage().contains("128x128") && patch.getMessage().contains("train.lr-patch × scale = 24 × 4 = 96")
                && patch.getMessage().contains("set train.lr-patch = 32"), patch.getMessage());
        // a PSNR-only run never runs its discriminator: any patch size
        assertEquals(24, JobConfigLoader.load(quick, List.of("discriminator.arch=vgg128", "train.psnr-steps=600", "train.steps=600")).lrPatch());
        ConfigException x3 = assertThrows(ConfigException.class,
                () -> JobConfigLoader.load(quick, List.of("discriminator.arch=vgg128", "scale=3", "train.lr-patch=43")));
        assertTrue(x3.getMessage().contains("no train.lr-patch gives 128 at scale 3"), x3.getMessage());
        ConfigException norm = assertThrows(ConfigException.class,
                () -> JobConfigLoader.load(quick, List.of("discriminator.arch=vgg128", "train.lr-patch=32", "discriminator.norm=none")));
        assertTrue(norm.getMessage().contains("discriminator.norm = batch"), norm.getMessage());
        ConfigException blocks = assertThrows(ConfigException.class, () -> JobConfigLoader.load(quick,
                List.of("loss.feature-matching-weight=1", "loss.feature-blocks=[9]")));
        assertTrue(blocks.getMessage().contains("loss.feature-blocks entries must be in 0..7"), blocks.getMessage());
        ConfigException arch = assertThrows(ConfigException.class, () -> JobConfigLoader.load(quick, List.of("discriminator.arch=vgg512")));
        assertTrue(arch.getMessage().contains("[vgg, unet-sn, vgg128, vgg256]"), arch.getMessage());
    }

    @Test
    void degradationSettingsDefaultToRealEsrgansAndNameBadValues() {
        Path quick = Path.of("../conf/quickstart.conf");
        assertEquals(null, JobConfigLoader.load(quick, List.of()).degradation());
        JobConfig on = JobConfigLoader.load(quick, List.of("degradation.enabled=true"));
        assertEquals(io.srgan.core.degrade.DegradationSettings.realEsrgan(4), on.degradation());
        JobConfig tuned = JobConfigLoader.load(quick, List.of("degradation.enabled=true", "degradation.second.noise-range=[2, 20]",
                "degradation.first.kernel-probs.iso=1", "degradation.final.sinc-prob=0"));
        assertEquals(new io.srgan.core.degrade.DegradationSettings.Range(2, 20), tuned.degradation().second().noise().gaussianSigma());
        assertEquals(1.0, tuned.degradation().first().blur().kernelProbs().get(io.srgan.core.degrade.KernelShape.ISO));
        assertEquals(0.0, tuned.degradation().last().sincProb());
        ConfigException lr = assertThrows(ConfigException.class, () -> JobConfigLoader.load(quick,
                List.of("degradation.enabled=true", "train.lr=somewhere")));
        assertTrue(lr.getMessage().contains("srgan.train.lr"), lr.getMessage());
        ConfigException range = assertThrows(ConfigException.class, () -> JobConfigLoader.load(quick,
                List.of("degradation.enabled=true", "degradation.first.jpeg-range=[95, 30]")));
        assertTrue(range.getMessage().contains("srgan.degradation.first.jpeg-range"), range.getMessage());
        assertEquals(400, JobConfigLoader.load(quick, List.of("degradation.enabled=true", "degradation.crop-pad-size=400"))
                .degradation().cropPadSize());
        for (String bad : List.of("0", "-4", "big")) {
            ConfigException pad = assertThrows(ConfigException.class, () -> JobConfigLoader.load(quick,
                    List.of("degradation.enabled=true", "degradation.crop-pad-size=" + bad)));
            assertTrue(pad.getMessage().contains("srgan.degradation.crop-pad-size"), pad.getMessage());
        }
    }

    /** The training report rebuilds a run's degradation from config.json's block, as the job read it. */
    @Test
    void theDegradationBlockOfConfigJsonGivesTheRunsDegradation() throws Exception {
        Path quick = Path.of("../conf/quickstart.conf");
        JobConfig tuned = JobConfigLoader.load(quick, List.of("degradation.enabled=true", "degradation.second.noise-range=[2, 20]",
                "degradation.final.sinc-prob=0", "scale=2"));
        String block = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tuned.rendered()).path("srgan").path("degradation").toString();
        assertEquals(tuned.degradation(), JobConfigLoader.degradation(block, 2));
        // a block of an older version: the keys it lacks at their defaults; not enabled: none
        assertEquals(io.srgan.core.degrade.DegradationSettings.realEsrgan(4), JobConfigLoader.degradation("{\"enabled\":true}", 4));
        assertEquals(null, JobConfigLoader.degradation("{\"enabled\":false}", 4));
        ConfigException bad = assertThrows(ConfigException.class,
                () -> JobConfigLoader.degradation("{\"enabled\":true,\"first\":{\"jpeg-range\":[95,30]}}", 4));
        assertTrue(bad.getMessage().contains("srgan.degradation.first.jpeg-range"), bad.getMessage());
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

    /** Settings taking one of a set of names are checked by the enum or registry that uses them; the error names the key. */
    @Test
    void namedSettingsNameTheKeyAndTheAllowedNames(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("run.conf");
        Files.writeString(f, "srgan.train.hr = x");
        Map<String, String> allowed = new java.util.LinkedHashMap<>();
        allowed.put("cluster.optimizer-state", "[average, keep-local, reset]");
        allowed.put("cluster.lr-scaling", "[none, sqrt, linear]");
        allowed.put("train.on-divergence", "[stop, skip-round, halve-lr]");
        allowed.put("train.init-checkpoint", "[auto, latest, best-psnr]");
        allowed.put("loss.pixel", "known: l1, mse, charbonnier");
        allowed.put("loss.adversarial", "known: vanilla, lsgan, hinge, ragan");
        allowed.put("loss.perceptual.criterion", "known: l1, mse, charbonnier");
        allowed.put("loss.perceptual.preprocessing", "known: caffe, torch, none");
        allowed.put("optimizer.schedule.kind", "[constant, multistep, cosine]");
        allowed.forEach((key, names) -> {
            ConfigException e = assertThrows(ConfigException.class, () -> JobConfigLoader.load(f, List.of(key + "=Bogus")), key);
            assertTrue(e.getMessage().contains("'srgan." + key + "'") && e.getMessage().contains(names)
                    && e.getMessage().contains("'Bogus'"), e.getMessage());
        });
        JobConfig c = JobConfigLoader.load(f, List.of("cluster.optimizer-state=keep-local", "train.on-divergence=skip-round",
                "train.init-from=runs/a", "train.init-checkpoint=best-psnr", "loss.adversarial=hinge", "loss.perceptual.criterion=charbonnier"));
        assertEquals("keep-local", c.cluster().optimizerState());
        assertEquals("skip-round", c.divergence().policy());
        assertEquals(new JobConfig.InitFrom("runs/a", "best-psnr", false), c.init());
        assertEquals("hinge", c.train().loss().adversarial());
        assertEquals("charbonnier", c.train().loss().perceptual().criterion());
        // names are as written: the parsers that give them meaning take no other spelling
        assertThrows(ConfigException.class, () -> JobConfigLoader.load(f, List.of("cluster.optimizer-state=AVERAGE")));
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

    @Test
    void keysOutsideTheSrganRootAreErrorsNamingTheKey(@TempDir Path dir) throws Exception {
        Path typo = dir.resolve("typo.conf");
        Files.writeString(typo, "srgam { train.hr = x }");
        ConfigException t = assertThrows(ConfigException.class, () -> JobConfigLoader.load(typo, List.of("train.hr=x")));
        assertTrue(t.getMessage().contains("unknown top-level key(s) [srgam]") && t.getMessage().contains(typo.toString()),
                t.getMessage());

        Path bare = dir.resolve("bare.conf");
        Files.writeString(bare, "srgan.train.hr = x\ntrain { steps = 5 }");
        ConfigException b = assertThrows(ConfigException.class, () -> JobConfigLoader.load(bare, List.of()));
        assertTrue(b.getMessage().contains("'train' belongs under srgan (srgan.train)"), b.getMessage());
    }

    @Test
    void credentialsAreRefusedFromTheConfigFileSetAndTheRetrainConfigWithoutEchoingThem(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("run.conf");
        for (String key : List.of("fs.azure.account.key.acct.dfs.core.windows.net", "fs.s3a.encryption.key",
                "fs.gs.auth.service.account.private.key", "fs.azure.account.oauth2.refresh.token", "fs.s3a.secret.key")) {
            Files.writeString(f, "srgan { train.hr = x, hadoop { \"" + key + "\" = \"VALUE-1234\" } }");
            ConfigException file = assertThrows(ConfigException.class, () -> JobConfigLoader.load(f, List.of()), key);
            assertTrue(file.getMessage().contains("'srgan.hadoop." + key + "' looks like a credential"), file.getMessage());
            assertFalse(file.getMessage().contains("VALUE-1234"), file.getMessage());

            Files.writeString(f, "srgan.train.hr = x");
            ConfigException set = assertThrows(ConfigException.class,
                    () -> JobConfigLoader.load(f, List.of("hadoop.\"" + key + "\"=VALUE-1234")), key);
            assertTrue(set.getMessage().contains("'srgan.hadoop." + key + "'"), set.getMessage());

            ConfigException retrain = assertThrows(ConfigException.class, () -> io.srgan.spark.retrain.RetrainConfigLoader.load(
                    Path.of("../conf/retrain.conf"), List.of("hadoop.\"" + key + "\"=VALUE-1234")), key);
            assertTrue(retrain.getMessage().contains("'srgan.hadoop." + key + "'"), retrain.getMessage());
        }
        ConfigException uri = assertThrows(ConfigException.class,
                () -> JobConfigLoader.load(f, List.of("train.hr=\"s3a://AKIA:VALUE-1234@bucket/hr\"")));
        assertTrue(uri.getMessage().contains("'srgan.train.hr' holds a URI with a password"), uri.getMessage());
        assertFalse(uri.getMessage().contains("VALUE-1234"), uri.getMessage());

        // settings that only name a credential, or describe encryption, are client settings like any other
        Files.writeString(f, "srgan { train.hr = x, hadoop { \"hadoop.security.credential.provider.path\" = \"jceks://hdfs@nn/s3.jceks\","
                + " \"fs.s3a.server-side-encryption-algorithm\" = SSE-KMS, \"ssl.client.keystore.type\" = jks,"
                + " \"fs.s3a.aws.credentials.provider\" = \"com.amazonaws.auth.InstanceProfileCredentialsProvider\" } }");
        JobConfig ok = JobConfigLoader.load(f, List.of());
        assertEquals("SSE-KMS", ok.hadoop().values().get("fs.s3a.server-side-encryption-algorithm"));
        assertEquals(4, ok.hadoop().values().size());
    }
}
