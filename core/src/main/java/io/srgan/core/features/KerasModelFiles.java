package io.srgan.core.features;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.modelimport.keras.KerasModel;
import org.deeplearning4j.nn.modelimport.keras.config.KerasModelConfiguration;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasModelBuilder;

/** Reads a Keras HDF5 model (Sequential or functional) with its weights through DL4J's Keras import. */
final class KerasModelFiles {
    private KerasModelFiles() {}

    /** The parsed model and its weights; errors name the file. */
    static KerasModel read(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such file (a Keras HDF5 model is needed)");
        try (KerasModelBuilder builder = new KerasModelBuilder(new KerasModelConfiguration())
                .modelHdf5Filename(file.toString()).enforceTrainingConfig(false)) {
            String className = new ObjectMapper().readTree(builder.getModelJson()).path("class_name").asText();
            return "Sequential".equals(className) ? builder.buildSequential() : builder.buildModel();
        } catch (IOException | InvalidKerasConfigurationException | UnsupportedKerasConfigurationException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": cannot read it as a Keras HDF5 model: " + e.getMessage(), e);
        }
    }
}
