package io.srgan.core.util;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The names under which enum constants are settings and command-line values: lower case, words
 * joined by hyphens ({@code BEST_PSNR} → {@code best-psnr}), and the one parser for them, whose
 * message lists what is allowed.
 */
public final class SettingNames {
    private SettingNames() {}

    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static <E extends Enum<E>> List<String> all(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(SettingNames::of).toList();
    }

    /**
     * The constant named {@code value}, exactly.
     *
     * @param what the setting, for the message ("checkpoint choice", "on-divergence", ...)
     * @throws IllegalArgumentException naming {@code what}, the allowed names and {@code value}
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String what, String value) {
        for (E e : type.getEnumConstants()) {
            if (of(e).equals(value)) return e;
        }
        throw new IllegalArgumentException(what + " must be one of " + all(type) + ", got '" + value + "'");
    }
}
