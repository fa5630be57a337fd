package io.srgan.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test classpath run in a child JVM whose oneDNN sees a lesser CPU
 * ({@code ONEDNN_MAX_CPU_ISA}), as an older machine would be: what the project does there can only
 * be seen in a fresh process, since oneDNN reads the cap once.
 */
public final class CappedCpuJvm {
    private CappedCpuJvm() {}

    /** The child's output (in {@code dir/out}), after it exited 0 within three minutes. */
    public static String run(Class<?> main, String maxIsa, String maxHeap, List<String> jvmOptions, Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + maxHeap));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        Path out = dir.resolve("out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("ONEDNN_MAX_CPU_ISA", maxIsa);
        pb.environment().put("OMP_NUM_THREADS", "2");
        Process p = pb.start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "the child JVM did not finish");
        String text = Files.readString(out);
        assertEquals(0, p.exitValue(), text);
        return text;
    }
}
