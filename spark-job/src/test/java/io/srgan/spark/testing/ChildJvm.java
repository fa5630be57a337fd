package io.srgan.spark.testing;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A separate JVM on the test classpath, with the module opening flags Spark needs, for what must run (or die) on its own. */
public final class ChildJvm {
    private ChildJvm() {}

    /** The test classpath, entry by entry. */
    public static java.util.List<String> classpath() {
        return java.util.List.of(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(java.io.File.pathSeparator));
    }

    public static ProcessBuilder command(String maxHeap, List<String> properties, String mainClass, List<String> args, Path log) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + maxHeap);
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("-Djdk.reflect")) cmd.add(arg);
        }
        cmd.addAll(properties);
        // surefire runs tests from a manifest-only jar; it names the real test classpath in this property
        cmd.add("-cp");
        cmd.add(String.join(java.io.File.pathSeparator, classpath()));
        cmd.add(mainClass);
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    }
}
