package io.srgan.spark.cli;

import io.srgan.spark.run.CheckpointChoice;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --checkpoint}: which checkpoint a run folder given as the model stands for ({@link CheckpointChoice}). */
final class CheckpointOption {
    @Option(names = "--checkpoint", defaultValue = "auto", converter = Converter.class, paramLabel = "auto|latest|best-psnr",
            description = "for a run folder: auto (default; the newest checkpoint once the run trained a GAN phase, else the"
                    + " best by validation PSNR), latest, or best-psnr")
    CheckpointChoice choice = CheckpointChoice.AUTO;

    static final class Converter implements ITypeConverter<CheckpointChoice> {
        @Override
        public CheckpointChoice convert(String value) {
            try {
                return CheckpointChoice.parse(value.strip());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
