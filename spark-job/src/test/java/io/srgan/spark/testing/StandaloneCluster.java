package io.srgan.spark.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real multi-JVM Spark standalone cluster: a Master and N Workers (one core each) started as
 * separate processes from the Maven-resolved Spark jars, each Worker launching its executor JVMs.
 * The jars folder of the throw-away Spark home links the build's compile classpath (Spark and the
 * product's dependencies); the product's own classes reach executors through
 * {@code spark.executor.extraClassPath}. Logs go to {@code <home>/logs}.
 */
public final class StandaloneCluster implements AutoCloseable {
    /** The --add-opens set Spark's launcher passes on Java 17, for JVMs started here. */
    public static final List<String> JAVA17_OPTIONS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false");

    private final Path home;
    private final String masterUrl;
    private final List<Process> daemons;

    private StandaloneCluster(Path home, String masterUrl, List<Process> daemons) {
        this.home = home;
        this.masterUrl = masterUrl;
        this.daemons = daemons;
    }

    public static StandaloneCluster start(int workers) throws Exception {
        Path home = BuildDirs.newFolder("spark-cluster", "home-");
        Path jars = Files.createDirectories(home.resolve("jars"));
        Set<String> names = new HashSet<>();
        for (String entry : compileClasspath()) {
            Path jar = Path.of(entry);
            if (entry.endsWith(".jar") && names.add(jar.getFileName().toString())) {
                Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
            }
        }
        Files.createDirectories(home.resolve("logs"));
        int port = freePort();
        int ui = freePort();
        List<Process> daemons = new ArrayList<>();
        StandaloneCluster cluster = new StandaloneCluster(home, "spark://127.0.0.1:" + port, daemons);
        try {
            daemons.add(cluster.launch("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", Integer.toString(port), "--webui-port", Integer.toString(ui)));
            for (int i = 0; i < workers; i++) {
                Path work = Files.createDirectories(home.resolve("work-" + i));
                daemons.add(cluster.launch("worker-" + i, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--cores", "1", "--memory", "3g", "--work-dir", work.toString(),
                        "--webui-port", Integer.toString(freePort()), cluster.masterUrl));
            }
            cluster.awaitWorkers(ui, workers, Duration.ofSeconds(90));
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code spark://127.0.0.1:<port>} */
    public String masterUrl() { return masterUrl; }

    public Path home() { return home; }

    /** The build's compile classpath (Spark from the provided scope included). */
    public static List<String> compileClasspath() throws IOException {
        Path file = BuildDirs.buildDir().resolve("cluster-test-classpath.txt");
        return List.of(Files.readString(file).strip().split(java.io.File.pathSeparator));
    }

    /** The executor JVMs the Workers launched that are alive now. */
    public List<ProcessHandle> executors() {
        return daemons.stream().flatMap(Process::descendants).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).toList();
    }

    /**
     * The log (stderr) of an executor JVM, in its Worker's work dir: {@code work-<i>/<app-id>/<executor-id>},
     * both ids read from the executor's command line. Empty until the Worker has made it.
     */
    public java.util.Optional<Path> executorLog(ProcessHandle executor) throws IOException {
        String cmd = executor.info().commandLine().orElse("");
        Matcher id = Pattern.compile("--executor-id (\\S+)").matcher(cmd);
        Matcher app = Pattern.compile("--app-id (\\S+)").matcher(cmd);
        if (!id.find() || !app.find()) return java.util.Optional.empty();
        try (var works = Files.list(home)) {
            return works.filter(d -> d.getFileName().toString().startsWith("work-"))
                    .map(d -> d.resolve(app.group(1)).resolve(id.group(1)).resolve("stderr"))
                    .filter(Files::isRegularFile).findFirst();
        }
    }

    /** A JVM with Spark's Java 17 options, the given classpath, class and arguments. */
    public static ProcessBuilder javaProcess(List<String> jvmOptions, String classpath, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(JAVA17_OPTIONS);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb;
    }

    private Process launch(String name, String mainClass, String... args) throws IOException {
        ProcessBuilder pb = javaProcess(List.of("-Xmx512m"), home.resolve("jars") + "/*", mainClass, List.of(args));
        pb.environment().put("SPARK_HOME", home.toString());
        // without it executors never launch ("Cannot find any build directories")
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        pb.redirectErrorStream(true).redirectOutput(home.resolve("logs/" + name + ".log").toFile());
        return pb.start();
    }

    private void awaitWorkers(int uiPort, int workers, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/")).timeout(Duration.ofSeconds(5)).build();
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Process d : daemons) {
                if (!d.isAlive()) throw new IllegalStateException("a Spark daemon exited; see " + home.resolve("logs"));
            }
            try {
                Matcher m = alive.matcher(http.send(req, HttpResponse.BodyHandlers.ofString()).body());
                if (m.find() && Integer.parseInt(m.group(1)) >= workers) return;
            } catch (IOException e) {
                // the master's UI is not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(workers + " workers not alive after " + timeout + "; see " + home.resolve("logs"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process d : daemons) d.descendants().forEach(ProcessHandle::destroyForcibly);
        for (Process d : daemons) d.destroyForcibly();
        for (Process d : daemons) {
            try {
                d.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
