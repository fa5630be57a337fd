package io.srgan.core.features;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Small random VGG-style Keras models written as Keras HDF5 files by {@code keras/write_keras_model.py}
 * (h5py, the library Keras saves with), so the tests load through the real import path without
 * TensorFlow or downloaded weights.
 */
public final class KerasTestModels {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String INSTALL = "install them with: apt-get install -y python3-numpy python3-h5py";

    private KerasTestModels() {}

    /**
     * Three VGG blocks of 4, 6 and 8 channels (block1_conv1 … block3_conv2, pools after blocks 1
     * and 2), all Conv2D with ReLU; {@code inputSize} null writes Keras's (None, None, 3).
     */
    public static String vgg(String style, Integer inputSize, String poolPadding, long seed) {
        String size = inputSize == null ? "null" : inputSize.toString();
        return "{\"style\": \"" + style + "\", \"input_shape\": [" + size + ", " + size + ", 3], \"seed\": " + seed + ", \"layers\": ["
                + "[\"conv\", \"block1_conv1\", 4, \"relu\"], [\"conv\", \"block1_conv2\", 4, \"relu\"], [\"pool\", \"block1_pool\", \"" + poolPadding + "\"],"
                + "[\"conv\", \"block2_conv1\", 6, \"relu\"], [\"conv\", \"block2_conv2\", 6, \"relu\"], [\"pool\", \"block2_pool\", \"" + poolPadding + "\"],"
                + "[\"conv\", \"block3_conv1\", 8, \"relu\"], [\"conv\", \"block3_conv2\", 8, \"relu\"]]}";
    }

    /** Writes the model {@code spec} (see the script) to {@code dir/name}. */
    public static Path write(Path dir, String name, String spec) {
        Path out = dir.resolve(name);
        try {
            Path script = Path.of(KerasTestModels.class.getResource("/keras/write_keras_model.py").toURI());
            Path err = Files.createTempFile(dir, "python", ".err");
            if (!Files.isExecutable(Path.of(PYTHON))) fail(PYTHON + " not found; the Keras import tests need numpy and h5py: " + INSTALL);
            Process p = new ProcessBuilder(List.of(PYTHON, script.toString(), spec, out.toString()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                fail("writing " + out + " timed out");
            }
            if (p.exitValue() != 0) {
                String stderr = Files.readString(err, StandardCharsets.UTF_8);
                fail("writing the Keras test model failed (" + (stderr.contains("No module named") ? INSTALL : "exit " + p.exitValue()) + "):\n" + stderr);
            }
            return out;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
