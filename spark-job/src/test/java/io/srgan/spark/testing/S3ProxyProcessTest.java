package io.srgan.spark.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The s3proxy child process never outlives its test JVM: not on close, not when the JVM is killed. */
class S3ProxyProcessTest {

    @Test
    void closeStopsTheServer() throws Exception {
        S3ProxyProcess server = S3ProxyProcess.start(jar(), BuildDirs.newFolder("s3proxy", "close-"));
        List<ProcessHandle> tree = server.handle().descendants().toList();
        try {
            assertTrue(answers(server.port()), "s3proxy should answer once start() returns");
            assertTrue(tree.stream().anyMatch(S3ProxyProcessTest::isJava), "the server is a child java process: " + tree);
        } finally {
            server.close();
        }
        assertFalse(server.handle().isAlive(), "watchdog still alive");
        tree.forEach(p -> assertFalse(p.isAlive(), "still alive: " + p.info()));
        assertFalse(answers(server.port()), "port " + server.port() + " still answers");
    }

    @Test
    void theServerDiesWhenItsJvmIsKilled() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Holder.class.getName(), jar().toString(), BuildDirs.newFolder("s3proxy", "kill-").toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            String ready = CompletableFuture.supplyAsync(() -> awaitLine(out, "READY ")).get(90, TimeUnit.SECONDS);
            int port = Integer.parseInt(ready.substring("READY ".length()).strip());
            List<ProcessHandle> tree = jvm.descendants().toList();
            assertTrue(tree.stream().anyMatch(S3ProxyProcessTest::isJava), "no server under the holder JVM: " + tree);

            jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
            jvm.waitFor(30, TimeUnit.SECONDS);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && (tree.stream().anyMatch(ProcessHandle::isAlive) || answers(port))) {
                Thread.sleep(200);
            }
            tree.forEach(p -> assertFalse(p.isAlive(), "outlived its killed JVM: " + p.info()));
            assertFalse(answers(port), "port " + port + " still answers");
        } finally {
            jvm.descendants().forEach(ProcessHandle::destroyForcibly);
            jvm.destroyForcibly();
        }
    }

    /** A JVM that starts a server, says where, and waits to be killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            S3ProxyProcess server = S3ProxyProcess.start(Path.of(args[0]), Path.of(args[1]));
            System.out.println("READY " + server.port());
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }

    private static Path jar() {
        return Path.of(System.getProperty(S3Proxy.JAR_PROPERTY, BuildDirs.buildDir().resolve("s3proxy/s3proxy.jar").toString()));
    }

    private static boolean isJava(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    private static String awaitLine(BufferedReader reader, String prefix) {
        try {
            StringBuilder seen = new StringBuilder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
                seen.append(line).append('\n');
            }
            return fail("the holder JVM ended without starting s3proxy:\n" + seen);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
