package io.srgan.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.GeneratorConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrapper keys, name schemes and hyper-parameters are recognised; unknown or inconsistent dicts are refused with what was found. */
class ArchDetectorTest {
    @TempDir Path dir;

    @Test
    void basicSrFileYieldsParamsEmaNotParams() throws Exception {
        StateDict sd = WeightFiles.read(InteropFixtures.file("rrdb_x4_basicsr.pth"));
        assertTrue(sd.has("body.1.rdb3.conv5.weight"), "params_ema has 2 blocks, the decoy params 1");
        assertEquals(GeneratorConfig.rrdb(2, 8, 4, 4), ArchDetector.detect(sd).config());
    }

    @Test
    void dataParallelPrefixIsStripped() throws Exception {
        StateDict sd = WeightFiles.read(InteropFixtures.file("msrresnet_x4_module.pth"));
        assertTrue(sd.has("conv_first.weight"));
        assertFalse(sd.tensors().keySet().stream().anyMatch(k -> k.startsWith("module.")));
    }

    @Test
    void eachEsrganNamingIsRecognised() throws Exception {
        assertTrue(ArchDetector.importFile(InteropFixtures.file("rrdb_x4_basicsr.pth")).description().contains("BasicSR"));
        assertTrue(ArchDetector.importFile(InteropFixtures.file("rrdb_x4_esrgan_legacy.pth")).description().contains("original ESRGAN"));
        assertTrue(ArchDetector.importFile(InteropFixtures.file("rrdb_x4_oldarch.safetensors")).description().contains("model.N"));
        ImportedGenerator msr = ArchDetector.importFile(InteropFixtures.file("msrresnet_x2_legacy.pth"));
        assertEquals(GeneratorConfig.msrresnet(1, 8, 2), msr.config());
        assertTrue(msr.tensors().containsKey("up.0.conv.weight") && msr.tensors().containsKey("tail.conv2.bias"));
    }

    @Test
    void unknownDictIsRefusedWithWhatWasFoundAndExpected() throws Exception {
        Map<String, FloatTensor> t = new LinkedHashMap<>();
        t.put("encoder.conv.weight", zeros(16, 3, 3, 3));
        t.put("encoder.conv.bias", zeros(16));
        Path file = dir.resolve("unknown.safetensors");
        InteropFixtures.writeSafetensors(file, t);
        UnrecognisedModelException e = assertThrows(UnrecognisedModelException.class, () -> ArchDetector.importFile(file));
        assertTrue(e.getMessage().contains("encoder.conv.weight [16, 3, 3, 3]"), e.getMessage());
        assertTrue(e.getMessage().contains("RRDBNet") && e.getMessage().contains("MSRResNet"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void missingTensorIsRefused() throws Exception {
        assertRrdbVariantRefused(t -> t.remove("conv_hr.weight"), "tensor 'conv_hr.weight' [8, 8, 3, 3] is missing");
    }

    @Test
    void extraTensorIsRefused() throws Exception {
        assertRrdbVariantRefused(t -> t.put("conv_extra.weight", zeros(8, 8, 3, 3)), "conv_extra.weight [8, 8, 3, 3]");
    }

    @Test
    void wrongShapeIsRefused() throws Exception {
        assertRrdbVariantRefused(t -> t.put("body.1.rdb2.conv3.weight", zeros(4, 12, 3, 3)),
                "tensor 'body.1.rdb2.conv3.weight' has shape [4, 12, 3, 3], expected [4, 16, 3, 3]");
    }

    @Test
    void oldArchOneXRrdbWithoutUpsamplingIsRefused() throws Exception {
        assertRrdbVariantRefused(t -> {
            for (String up : new String[] {"conv_up1", "conv_up2"}) {
                t.remove(up + ".weight");
                t.remove(up + ".bias");
            }
        }, "an old-arch 1x model without upsampling convs is another network");
    }

    @Test
    void otherInputChannelCountsAreRefused() throws Exception {
        assertRrdbVariantRefused(t -> t.put("conv_first.weight", zeros(8, 27, 3, 3)), "conv_first reads 27 channels");
    }

    @Test
    void x2RrdbWithoutUnshuffleIsRefused() throws Exception {
        assertRrdbVariantRefused(t -> {
            t.remove("conv_up2.weight");
            t.remove("conv_up2.bias");
        }, "1 ×2 upsampling convs (x2)");
    }

    @Test
    void unshuffledRrdbWithThreeStagesIsRefused() throws Exception {
        assertRrdbVariantRefused(t -> {
            t.put("conv_first.weight", zeros(8, 12, 3, 3));
            t.put("conv_up3.weight", zeros(8, 8, 3, 3));
            t.put("conv_up3.bias", zeros(8));
        }, "after a pixel-unshuffle by 2; Real-ESRGAN's x2 has 2");
    }

    @Test
    void esrganPlusIsRefused() throws Exception {
        assertRrdbVariantRefused(t -> t.put("body.0.rdb1.conv1x1.weight", zeros(4, 8, 1, 1)), "ESRGAN+");
    }

    @Test
    void msrResNetWithOddUpconvIsRefused() throws Exception {
        Map<String, FloatTensor> t = new LinkedHashMap<>(WeightFiles.read(InteropFixtures.file("msrresnet_x2_legacy.pth")).tensors());
        t.put("upconv1.weight", zeros(16, 8, 3, 3));
        t.put("upconv1.bias", zeros(16));
        Path file = dir.resolve("odd.safetensors");
        InteropFixtures.writeSafetensors(file, t);
        UnrecognisedModelException e = assertThrows(UnrecognisedModelException.class, () -> ArchDetector.importFile(file));
        assertTrue(e.getMessage().contains("upconv1 makes 16 channels from 8"), e.getMessage());
    }

    @Test
    void srvggNamesMapOneToOne() throws Exception {
        StateDict sd = WeightFiles.read(InteropFixtures.file("srvgg_x4_params.pth"));
        ImportedGenerator g = ArchDetector.detect(sd);
        assertEquals(GeneratorConfig.srvgg(3, 8, 4), g.config());
        assertEquals(sd.tensors().keySet(), g.tensors().keySet());
        assertTrue(g.description().contains("SRVGGNetCompact"), g.description());
    }

    @Test
    void srvggWithoutPReluIsRefused() throws Exception {
        // act_type relu / leakyrelu: the activations have no parameters, so no odd body.N.weight
        assertSrvggVariantRefused(t -> t.keySet().removeIf(k -> k.matches("body\\.[13579]\\.weight")),
                "without PReLU slopes (no body.1.weight: act_type relu or leakyrelu) is not supported");
    }

    @Test
    void srvggWithANonSquareShuffleIsRefused() throws Exception {
        assertSrvggVariantRefused(t -> {
            t.put("body.8.weight", zeros(24, 8, 3, 3));
            t.put("body.8.bias", zeros(24));
        }, "the last conv body.8 makes 24 channels");
    }

    @Test
    void srvggX8IsRefusedNamingTheScale() throws Exception {
        assertSrvggVariantRefused(t -> {
            t.put("body.8.weight", zeros(192, 8, 3, 3));
            t.put("body.8.bias", zeros(192));
        }, "srvgg supports scale 2, 3 and 4, got 8");
    }

    private void assertSrvggVariantRefused(Consumer<Map<String, FloatTensor>> change, String reason) throws Exception {
        Map<String, FloatTensor> t = new LinkedHashMap<>(WeightFiles.read(InteropFixtures.file("srvgg_x4_params.pth")).tensors());
        change.accept(t);
        Path file = dir.resolve("srvgg-variant.safetensors");
        InteropFixtures.writeSafetensors(file, t);
        UnrecognisedModelException e = assertThrows(UnrecognisedModelException.class, () -> ArchDetector.importFile(file));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    private void assertRrdbVariantRefused(Consumer<Map<String, FloatTensor>> change, String reason) throws Exception {
        Map<String, FloatTensor> t = new LinkedHashMap<>(WeightFiles.read(InteropFixtures.file("rrdb_x4_basicsr.pth")).tensors());
        change.accept(t);
        Path file = dir.resolve("variant.safetensors");
        InteropFixtures.writeSafetensors(file, t);
        UnrecognisedModelException e = assertThrows(UnrecognisedModelException.class, () -> ArchDetector.importFile(file));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    private static FloatTensor zeros(long... shape) {
        return new FloatTensor(shape, new float[(int) FloatTensor.numel(shape)]);
    }
}
