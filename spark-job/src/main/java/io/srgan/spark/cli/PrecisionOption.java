package io.srgan.spark.cli;

import io.srgan.core.inference.Precision;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --precision} of upscale and evaluate: {@link Precision#parse}, its refusal a usage error. */
final class PrecisionOption implements ITypeConverter<Precision> {
    @Override
    public Precision convert(String value) {
        try {
            return Precision.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
