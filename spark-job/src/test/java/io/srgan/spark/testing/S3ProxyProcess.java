package io.srgan.spark.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * s3proxy (a real S3 server over a local folder) in a child process on 127.0.0.1.
 *
 * <p>The server runs under a small {@code sh} watchdog. A guard in it reads a pipe from this JVM and
 * stops the server when the pipe closes: because {@link #close()} closed it, or because this JVM died
 * in any way, including {@code kill -9}, which skips shutdown hooks. A shutdown hook (which calls
 * close) and forced destruction of the process tree back that up.
 *
 * <p>The command: {@code /bin/sh -c WATCHDOG s3proxy-watchdog JAVA JAR PROPERTIES}, where the watchdog
 * runs {@code JAVA -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar JAR --properties PROPERTIES}
 * and the properties name {@code s3proxy.endpoint=http://127.0.0.1:PORT}, AWS v2/v4 authorization with
 * {@link #IDENTITY}/{@link #CREDENTIAL}, and the {@code filesystem} jclouds provider over a folder in
 * the work directory. The server's output goes to {@code s3proxy-PORT.log} there.
 */
public final class S3ProxyProcess implements AutoCloseable {
    public static final String IDENTITY = "srgan-test";
    public static final String CREDENTIAL = "srgan-test-secret";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    // $1 java, $2 jar, $3 properties. The pipe from this JVM moves to fd 3, where only the guard
    // subshell reads it; the shell itself exits when the server does, so its liveness is the server's.
    private static final String WATCHDOG = String.join("\n",
            "exec 3<&0 </dev/null",
            "\"$1\" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar \"$2\" --properties \"$3\" 3<&- &",
            "server=$!",
            "(cat <&3 >/dev/null; kill $server 2>/dev/null) &",
            "trap 'kill $server 2>/dev/null' TERM INT HUP",
            "wait $server",
            "wait $server 2>/dev/null");

    private final Process watchdog;
    private final int port;
    private final Path workDir;
    private final Thread shutdownHook;
    private boolean closed;

    private S3ProxyProcess(Process watchdog, int port, Path workDir) {
        this.watchdog = watchdog;
        this.port = port;
        this.workDir = workDir;
        this.shutdownHook = new Thread(this::stop, "s3proxy-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts s3proxy from {@code jar} with its data, configuration and log in {@code workDir}; waits until it answers. */
    public static S3ProxyProcess start(Path jar, Path workDir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("s3proxy jar " + jar + " does not exist; run 'mvn -pl spark-job process-test-resources'"
                    + " (the maven-dependency-plugin copies org.gaul:s3proxy:jar-with-dependencies there)");
        }
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = freePort(); // another process may take it before s3proxy binds: retried below
            Path log = workDir.resolve("s3proxy-" + port + ".log");
            Path properties = writeProperties(workDir, port);
            Process process = new ProcessBuilder("/bin/sh", "-c", WATCHDOG, "s3proxy-watchdog",
                    javaExecutable().toString(), jar.toString(), properties.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            S3ProxyProcess server = new S3ProxyProcess(process, port, workDir);
            try {
                server.awaitPort(log);
                return server;
            } catch (IOException e) {
                server.close();
                lastFailure = e;
                if (!tail(log).contains("Address already in use")) {
                    break;
                }
            }
        }
        throw lastFailure;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The watchdog process; the server is its child. */
    public ProcessHandle handle() {
        return watchdog.toHandle();
    }

    @Override
    public synchronized void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or has run
        }
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        List<ProcessHandle> tree = watchdog.descendants().toList();
        try {
            watchdog.getOutputStream().close(); // the guard stops the server; the shell exits with it
        } catch (IOException e) {
            // the pipe is already broken: the watchdog has gone; the server is handled below
        }
        try {
            if (!watchdog.waitFor(15, TimeUnit.SECONDS)) {
                watchdog.destroyForcibly();
            }
            for (ProcessHandle child : tree) {
                if (child.isAlive()) {
                    child.destroyForcibly();
                    child.onExit().get(10, TimeUnit.SECONDS);
                }
            }
        } catch (Exception e) {
            tree.forEach(ProcessHandle::destroyForcibly);
            watchdog.destroyForcibly();
        }
    }

    private void awaitPort(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!watchdog.isAlive()) {
                throw new IOException("s3proxy exited before answering on port " + port + "; its log " + log
                        + " ends with:\n" + tail(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 250);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException("s3proxy did not answer on port " + port + " within " + START_TIMEOUT.toSeconds()
                + " s; its log " + log + " ends with:\n" + tail(log));
    }

    private static Path writeProperties(Path workDir, int port) throws IOException {
        Path blobs = Files.createDirectories(workDir.resolve("blobs-" + port));
        String text = String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + blobs,
                "");
        return Files.writeString(workDir.resolve("s3proxy-" + port + ".properties"), text, StandardCharsets.UTF_8);
    }

    private static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    @Override
    public String toString() {
        return "s3proxy[" + endpoint() + ", " + workDir + "]";
    }
}
