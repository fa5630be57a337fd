package io.srgan.core.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.Generator;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.arch.Generators;
import io.srgan.core.data.ColourMode;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.ImageEncoder;
import io.srgan.core.data.MatlabBicubic;
import io.srgan.core.data.SharedData;
import io.srgan.core.nn.Init;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Scores with LR inputs read from a folder (srgan evaluate --lr): the shared bit-exact bicubic LR
 * files give the protocol's own scores, so the only difference is where the LR comes from.
 */
class GivenLrScoreTest {
    private static final Path SET5 = SharedData.data("Set5");
    private static final Path SET5_X4 = SharedData.data("LR_bicubic", "Set5", "x4");

    @Test
    void bicubicOfTheSharedLrFilesIsTheProtocolsBicubic() throws Exception {
        ImageDecoder decoder = new ImageDecoder();
        DatasetScore own = BicubicBaseline.run(SET5, 4, GrayPolicy.DIRECT, decoder);
        DatasetScore given = BicubicBaseline.run(SET5, SET5_X4, 4, GrayPolicy.DIRECT, decoder);
        assertEquals(own.images(), given.images());
    }

    @Test
    void aModelOnTheSharedLrFilesScoresAsOnTheProtocolsLr() throws Exception {
        ImageDecoder decoder = new ImageDecoder();
        Generator g = Generators.build(GeneratorConfig.rrdb(1, 8, 4, 4), new Init(3, DataType.FLOAT));
        DatasetScore own = SrEvaluator.scoreFolder(g, SET5, decoder);
        DatasetScore given = SrEvaluator.scoreFolder(g, SET5, SET5_X4, decoder);
        assertEquals(own.images(), given.images());
    }

    @Test
    void anLrOfTheWrongSizeOrMissingIsRefusedNamingTheImage(@TempDir Path dir) throws Exception {
        ImageDecoder decoder = new ImageDecoder();
        Path hr = Files.createDirectories(dir.resolve("hr"));
        Path lr = Files.createDirectories(dir.resolve("lr"));
        Path bird = SET5.resolve("bird.png");
        Files.copy(bird, hr.resolve("bird.png"));
        // bird is 288x288: x4 needs 72x72; 36x36 is its x8
        Files.write(lr.resolve("bird.png"), ImageEncoder.png(
                MatlabBicubic.downscaleUint8(decoder.decode(bird).rgb(), 8), null, ColourMode.RGB, 8));
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> BicubicBaseline.run(hr, lr, 4, GrayPolicy.DIRECT, decoder));
        assertTrue(size.getMessage().contains("bird: LR is 36x36, but the HR (288x288) at x4 needs 72x72"), size.getMessage());

        Files.copy(SET5.resolve("baby.png"), hr.resolve("baby.png"));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> BicubicBaseline.run(hr, lr, 4, GrayPolicy.DIRECT, decoder));
        assertTrue(none.getMessage().contains("no LR image named baby.* for the HR image baby"), none.getMessage());
    }
}
