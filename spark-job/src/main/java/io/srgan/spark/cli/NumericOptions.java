package io.srgan.spark.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The ranges of the commands' numeric options, checked where picocli converts the value (the default
 * included): a value out of range is a usage error naming the option ("Invalid value for option
 * '--overlap': must be at least 0, got -5"), never a value the command quietly replaces. Every
 * numeric option takes one of these converters.
 */
final class NumericOptions {
    private NumericOptions() {
    }

    /** An int ≥ 1: sizes and counts (tile, batch, partitions, scale). */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) atLeast(Integer.parseInt(value.strip()), 1);
        }
    }

    /** An int ≥ 0 (tile overlap). */
    static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) atLeast(Integer.parseInt(value.strip()), 0);
        }
    }

    /** A long ≥ 0 (seeds). */
    static final class NonNegativeLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return atLeast(Long.parseLong(value.strip()), 0);
        }
    }

    /** A long ≥ 1 (pixel counts). */
    static final class PositiveLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return atLeast(Long.parseLong(value.strip()), 1);
        }
    }

    /** A size in bytes ≥ 1 MiB, as Spark writes sizes ({@code 12g}, {@code 512m}, {@code 1048576}). */
    static final class ByteSize implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long bytes;
            try {
                bytes = org.apache.spark.network.util.JavaUtils.byteStringAsBytes(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("must be a size such as 12g or 512m, got " + value.strip());
            }
            if (bytes < (1 << 20)) throw new TypeConversionException("must be at least 1m, got " + value.strip());
            return bytes;
        }
    }

    /** A fraction in [0, 1] (JPEG quality). */
    static final class Fraction implements ITypeConverter<Float> {
        @Override
        public Float convert(String value) {
            float v = Float.parseFloat(value.strip());
            if (!(v >= 0 && v <= 1)) throw new TypeConversionException("must be between 0 and 1, got " + value.strip());
            return v;
        }
    }

    private static long atLeast(long v, long min) {
        if (v < min) throw new TypeConversionException("must be at least " + min + ", got " + v);
        return v;
    }
}
