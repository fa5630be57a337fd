package io.srgan.core.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions this build was made of, from {@code versions.properties} (written by Maven's resource filtering). */
public final class Versions {
    private static final Properties VERSIONS = load();

    private Versions() {}

    /** This project's version, e.g. 0.1.0-SNAPSHOT. */
    public static String project() { return VERSIONS.getProperty("project"); }

    /** The ND4J version compiled against. */
    public static String nd4j() { return VERSIONS.getProperty("nd4j"); }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/io/srgan/core/versions.properties")) {
            if (in == null) throw new IllegalStateException("versions.properties is missing from the build");
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
