package io.srgan.spark.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.Generator;
import io.srgan.core.data.ImageBatches;
import io.srgan.core.inference.Precision;
import io.srgan.core.inference.SrModel;
import io.srgan.core.inference.ort.CalibrationTiles;
import io.srgan.core.inference.ort.Int8Quantization;
import io.srgan.core.inference.ort.OrtSrModel;
import io.srgan.spark.testing.BuildDirs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ModelWeightsTest {
    private static ModelWeights weights(boolean withEma, WeightChoice choice) throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
        Path dir = new Path(BuildDirs.newFolder("model-weights", "ckpt-").toUri());
        TinyModel.write(fs, dir, TinyModel.CONFIG, withEma);
        return ModelWeights.of(UpscaleJobTest.readMeta(fs, dir), UpscaleJobTest.readTensors(fs, dir), choice, dir.toString());
    }

    /** The generator rebuilt from the (serialized, as broadcast) weights computes what the chosen weights compute. */
    @Test
    void rebuildsTheChosenWeightsAfterSerialization() throws Exception {
        ModelWeights ema = roundTrip(weights(true, WeightChoice.PREFER_EMA));
        ModelWeights raw = roundTrip(weights(true, WeightChoice.RAW));
        assertTrue(ema.ema());
        assertFalse(raw.ema());
        assertNotEquals(ema.id(), raw.id());
        assertSameOutput(TinyModel.generator(TinyModel.CONFIG, TinyModel.EMA_SEED), ema.build());
        assertSameOutput(TinyModel.generator(TinyModel.CONFIG, TinyModel.RAW_SEED), raw.build());
        assertEquals(ema.build().receptiveFieldRadius(), ema.receptiveFieldRadius());
        assertTrue(ema.describe().contains("msrresnet 1x4 ×2 (EMA weights)"), ema.describe());
    }

    @Test
    void withoutEmaWeightsPreferEmaFallsBackAndEmaIsAnError() throws Exception {
        assertFalse(weights(false, WeightChoice.PREFER_EMA).ema());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> weights(false, WeightChoice.EMA));
        assertTrue(e.getMessage().contains("has no EMA weights"), e.getMessage());
    }

    @Test
    void executorsBuildAModelOnceAndRebuildForOtherWeights() throws Exception {
        ModelWeights ema = weights(true, WeightChoice.PREFER_EMA);
        SrModel first = ExecutorModels.get(ema, 1);
        assertTrue(first == ExecutorModels.get(roundTrip(ema), 1), "same weights, same generator");
        assertFalse(first == ExecutorModels.get(weights(true, WeightChoice.RAW), 1), "other weights, another generator");
        // the same weights as int8: the quantised model through ONNX Runtime, built once too
        var tiles = CalibrationTiles.of(List.of(TestPictures.pattern(40, 48, 3, 5)), 1, 0);
        ModelWeights int8 = ema.withInt8(Int8Quantization.quantize(ema.build(), tiles, 1, ema.source(), "test"));
        assertEquals(Precision.INT8, int8.precision());
        assertTrue(int8.describe().contains("int8 (calibrated on"), int8.describe());
        SrModel quantised = ExecutorModels.get(int8, 1);
        assertTrue(quantised instanceof OrtSrModel, "int8 runs in ONNX Runtime: " + quantised.getClass());
        assertTrue(quantised == ExecutorModels.get(roundTrip(int8), 1), "same int8 model after serialization, same session");
        assertFalse(quantised == ExecutorModels.get(ema, 1), "fp32 again: the generator");
    }

    private static void assertSameOutput(Generator expected, Generator actual) {
        var image = TestPictures.pattern(12, 10, 3, 3);
        try (INDArray in = ImageBatches.toBatch(image); INDArray a = expected.upscale(in); INDArray b = actual.upscale(in)) {
            assertEquals(a, b);
        }
    }

    private static ModelWeights roundTrip(ModelWeights w) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(w);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (ModelWeights) in.readObject();
        }
    }
}
