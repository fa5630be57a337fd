package io.srgan.spark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.data.DecodedImage;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.ModCrop;
import io.srgan.core.degrade.Degradation;
import io.srgan.core.degrade.DegradationSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** srgan degrade: the LR a degraded training run learns from, per image and seed, PNG; bad inputs listed, the rest done. */
class DegradeCommandTest {
    private static final Path VAL = Path.of("sample-data/val");

    private static int run(StringWriter err, String... args) {
        CommandLine cl = Srgan.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void writesWhatTheDegradationMakesOfEachImageAndSkipsBadInputs(@TempDir Path dir) throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        for (Path p : Files.list(VAL).toList()) Files.copy(p, input.resolve(p.getFileName()));
        Files.writeString(input.resolve("broken.png"), "not a png");
        Path out = dir.resolve("out");
        StringWriter err = new StringWriter();
        assertEquals(ExitCodes.SOME_INPUTS_FAILED, run(err, "degrade", "--input", input.toString(), "--output", out.toString(),
                "--seed", "3", "--set", "scale=2"));
        assertTrue(err.toString().contains("broken.png"), err.toString());

        ImageDecoder decoder = new ImageDecoder();
        Degradation expected = new Degradation(DegradationSettings.realEsrgan(2));
        for (String name : List.of("100075", "100080")) {
            FloatImage hr = ModCrop.toMultiple(decoder.decode(input.resolve(name + ".png")).rgb(), 2);
            DecodedImage lr = decoder.decode(out.resolve(name + ".png"));
            FloatImage want = expected.apply(hr, DegradeCommand.imageSeed(3, name, 0));
            assertEquals(hr.height() / 2, lr.rgb().height());
            assertArrayEquals(want.data(), lr.rgb().data(), 1e-6f, name + ": the PNG holds the degradation of its HR (8-bit exact)");
        }
        assertFalse(Files.list(out).anyMatch(p -> p.getFileName().toString().startsWith(".")), "no partial files left");

        // an existing output is not replaced silently
        StringWriter exists = new StringWriter();
        assertEquals(ExitCodes.FAILED, run(exists, "degrade", "--input", VAL.toString(), "--output", out.toString()));
        assertTrue(exists.toString().contains("pass --overwrite"), exists.toString());
        assertEquals(ExitCodes.OK, run(new StringWriter(), "degrade", "--input", VAL.toString(), "--output", out.toString(),
                "--overwrite", "--copies", "2"));
        assertTrue(Files.exists(out.resolve("100075_1.png")));

        Files.copy(input.resolve("100075.png"), input.resolve("100075.bmp.tmp"));
        Files.move(input.resolve("100075.bmp.tmp"), input.resolve("100075.jpg"));
        StringWriter twins = new StringWriter();
        Path fresh = dir.resolve("fresh");
        assertEquals(ExitCodes.FAILED, run(twins, "degrade", "--input", input.toString(), "--output", fresh.toString()));
        assertTrue(twins.toString().contains("would both be written as 100075.png"), twins.toString());
        assertFalse(Files.exists(fresh) && Files.list(fresh).findAny().isPresent(), "nothing written");
    }
}
