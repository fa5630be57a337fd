package io.srgan.spark.testing;

import io.srgan.spark.io.HadoopSettings;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The local file system under the scheme {@code faulty:}, failing where a test says, as a flaky store
 * would: {@link Rule}s in the Hadoop configuration make the opens of chosen files throw, their reads
 * throw part-way, or their writes stall (until the process is killed). Everything else is the real
 * local file system. Register it with {@link #settings}; {@code faulty:///abs/path} is
 * {@code /abs/path}. Works in the test JVM (local-mode executors included) and in child JVMs given the
 * same settings as {@code spark.hadoop.*} properties.
 *
 * <p>A rule counts events (opens or creates) per file, across instances in the JVM: the first
 * {@code skip} pass, the next {@code times} fail, the rest pass again.
 */
public final class FaultyFileSystem extends RawLocalFileSystem {
    public static final String SCHEME = "faulty";
    private static final String RULE_PREFIX = "faulty.rule.";
    private static final URI NAME = URI.create(SCHEME + ":///");
    private static final Map<String, AtomicInteger> EVENTS = new ConcurrentHashMap<>();

    /** How a rule fails a file. */
    public enum Mode {
        /** {@code open} throws. */
        OPEN,
        /** {@code open} works, the stream throws after {@link #READ_BYTES_BEFORE_FAILING} bytes. */
        READ,
        /** {@code create} works, and after the first write the stream stalls for good (a hung store). */
        STALL_WRITE
    }

    /** Bytes a {@link Mode#READ} fault lets through before the stream fails. */
    public static final int READ_BYTES_BEFORE_FAILING = 100;
    private static final long STALL_LIMIT_MINUTES = 10;

    /**
     * @param name        tells rules apart in the configuration
     * @param pathPattern regular expression matched against the whole (decoded) path
     * @param times       events that fail after the skipped ones; {@code Integer.MAX_VALUE} for all
     */
    public record Rule(String name, String pathPattern, Mode mode, int skip, int times) {
        Map<String, String> settings() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(RULE_PREFIX + name + ".pattern", pathPattern);
            m.put(RULE_PREFIX + name + ".mode", mode.name());
            m.put(RULE_PREFIX + name + ".skip", Integer.toString(skip));
            m.put(RULE_PREFIX + name + ".times", Integer.toString(times));
            return m;
        }

        boolean matches(Path path, Mode mode) {
            return this.mode == mode && Pattern.matches(pathPattern, path.toUri().getPath());
        }

        /** Counts this event on {@code path}; true when it must fail. */
        boolean failsNow(Path path) {
            int n = EVENTS.computeIfAbsent(name + "@" + path.toUri().getPath(), k -> new AtomicInteger()).getAndIncrement();
            return n >= skip && n - skip < times;
        }
    }

    private List<Rule> rules = List.of();

    /** The settings that register this file system, with {@code rules}. */
    public static HadoopSettings settings(Rule... rules) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("fs." + SCHEME + ".impl", FaultyFileSystem.class.getName());
        // a new instance per FileSystem.get, so that each sees the rules of the settings it is given
        m.put("fs." + SCHEME + ".impl.disable.cache", "true");
        for (Rule r : rules) m.putAll(r.settings());
        return HadoopSettings.of(m);
    }

    /** {@code local} under this scheme, without a trailing {@code /}. */
    public static URI uri(java.nio.file.Path local) {
        String path = local.toAbsolutePath().toUri().getRawPath();
        return URI.create(SCHEME + "://" + (path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path));
    }

    @Override
    public void initialize(URI uri, Configuration conf) throws IOException {
        super.initialize(uri, conf);
        rules = parse(conf);
    }

    @Override
    public URI getUri() {
        return NAME;
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        for (Rule r : rules) {
            if (r.matches(f, Mode.OPEN) && r.failsNow(f)) {
                throw new IOException("injected fault (" + r.name() + "): 503 Slow Down opening " + f);
            }
        }
        FSDataInputStream in = super.open(f, bufferSize);
        for (Rule r : rules) {
            if (r.matches(f, Mode.READ) && r.failsNow(f)) return new FSDataInputStream(new FailingInput(in, r, f));
        }
        return in;
    }

    @Override
    protected OutputStream createOutputStreamWithMode(Path f, boolean append, FsPermission permission) throws IOException {
        OutputStream out = super.createOutputStreamWithMode(f, append, permission);
        for (Rule r : rules) {
            if (r.matches(f, Mode.STALL_WRITE) && r.failsNow(f)) return new StallingOutput(out);
        }
        return out;
    }

    private static List<Rule> parse(Configuration conf) {
        Map<String, Map<String, String>> byName = new LinkedHashMap<>();
        conf.getPropsWithPrefix(RULE_PREFIX).forEach((key, value) -> {
            int dot = key.lastIndexOf('.');
            byName.computeIfAbsent(key.substring(0, dot), k -> new LinkedHashMap<>()).put(key.substring(dot + 1), value);
        });
        List<Rule> rules = new ArrayList<>();
        byName.forEach((name, p) -> rules.add(new Rule(name, p.get("pattern"), Mode.valueOf(p.get("mode").toUpperCase(Locale.ROOT)),
                Integer.parseInt(p.get("skip")), Integer.parseInt(p.get("times")))));
        return rules;
    }

    /** Passes {@link #READ_BYTES_BEFORE_FAILING} bytes, then fails every read, as a connection reset mid-download. */
    private static final class FailingInput extends FSInputStream {
        private final FSDataInputStream in;
        private final Rule rule;
        private final Path path;

        FailingInput(FSDataInputStream in, Rule rule, Path path) {
            this.in = in;
            this.rule = rule;
            this.path = path;
        }

        @Override
        public int read() throws IOException {
            check(1);
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            int allowed = (int) Math.min(len, READ_BYTES_BEFORE_FAILING - in.getPos());
            check(allowed);
            return in.read(b, off, allowed);
        }

        private void check(int allowed) throws IOException {
            if (allowed <= 0) {
                throw new IOException("injected fault (" + rule.name() + "): connection reset reading " + path + " at byte "
                        + in.getPos());
            }
        }

        @Override
        public void seek(long pos) throws IOException {
            in.seek(pos);
        }

        @Override
        public long getPos() throws IOException {
            return in.getPos();
        }

        @Override
        public boolean seekToNewSource(long targetPos) {
            return false;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Writes what it is given first and flushes it to disk, then stalls on every call, as a hung store would. */
    private static final class StallingOutput extends FilterOutputStream {
        private boolean written;

        StallingOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (written) stall();
            out.write(b, off, len);
            out.flush();
            written = true;
        }

        @Override
        public void flush() throws IOException {
            if (written) stall();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (written) stall();
            out.close();
        }

        private static void stall() throws IOException {
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(STALL_LIMIT_MINUTES));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("injected fault: a write stalled for " + STALL_LIMIT_MINUTES + " minutes");
        }
    }
}
