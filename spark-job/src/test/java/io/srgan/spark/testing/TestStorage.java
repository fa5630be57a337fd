package io.srgan.spark.testing;

import io.srgan.spark.io.HadoopSettings;
import java.net.URI;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;

/**
 * One kind of storage a parameterised test runs on: a base URI and the client settings for it. The
 * server behind it starts on first use, so a server that cannot start fails only its own cases.
 */
public final class TestStorage {
    record Location(URI base, HadoopSettings settings) {
    }

    private final String name;
    private final Supplier<Location> start;
    private Location location;

    TestStorage(String name, Supplier<Location> start) {
        this.name = name;
        this.start = start;
    }

    public String name() {
        return name;
    }

    /** A folder URI no other test uses, ending in '/'; nothing is created. */
    public URI newFolder(String label) {
        return location().base().resolve(label + "-" + UUID.randomUUID().toString().substring(0, 8) + "/");
    }

    public HadoopSettings settings() {
        return location().settings();
    }

    public Configuration configuration() {
        return settings().toConfiguration();
    }

    private synchronized Location location() {
        if (location == null) {
            location = start.get();
        }
        return location;
    }

    @Override
    public String toString() {
        return name;
    }
}
