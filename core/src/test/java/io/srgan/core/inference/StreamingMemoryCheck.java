package io.srgan.core.inference;

import ar.com.hjg.pngj.PngReader;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.arch.Generators;
import io.srgan.core.data.FloatImage;
import io.srgan.core.nn.Init;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Memory check for streaming tiled inference (a main class, not a unit test): upscales PNGs of
 * several sizes from PNG to PNG, each in a fresh JVM with a fixed {@code -Xmx}, and prints peak RSS
 * (VmHWM), peak heap used and the size of the model-call workspace. Memory should depend on the
 * image width (the strip buffer holds full output rows) but not on its height: compare sizes of
 * equal width. Run with {@code core/src/test/bench/streaming-memory.sh}.
 *
 * <p>ND4J M2.1 on CPU allocates array buffers inside libnd4j: neither javacpp's
 * {@code Pointer.totalBytes()} nor ND4J's {@code AllocationsTracker} counts them, so native memory
 * shows only in RSS and in the workspace size.
 *
 * <p>Options: {@code --sizes 4096x512,4096x4096} (LR width x height, or one number for a square),
 * {@code --scale 4}, {@code --tile 128},
 * {@code --batch 4}, {@code --xmx 768m}, {@code --model nn|conv|msrresnet:16x64} (the last: a real
 * generator with seeded random weights, which costs what a trained one does), {@code --level 1} (deflate),
 * {@code --memory WORKSPACE|DETACHED}, {@code --precision fp32|bf16},
 * {@code --dir <folder>} (default: a temp folder, deleted afterwards).
 */
public final class StreamingMemoryCheck {
    private StreamingMemoryCheck() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        if (opt.containsKey("child")) {
            child(opt);
            return;
        }
        Path dir = opt.containsKey("dir") ? Files.createDirectories(Path.of(opt.get("dir")))
                : Files.createTempDirectory("streaming-memory");
        int scale = Integer.parseInt(opt.getOrDefault("scale", "4"));
        List<String> summary = new ArrayList<>();
        for (String s : opt.getOrDefault("sizes", "4096x512,4096x4096").split(",")) {
            String[] wh = s.trim().split("x");
            int width = Integer.parseInt(wh[0]);
            int height = Integer.parseInt(wh[wh.length - 1]);
            String size = width + "x" + height;
            Path in = dir.resolve("lr-" + size + ".png");
            Path out = dir.resolve("sr-" + size + ".png");
            writePattern(in, width, height);
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + opt.getOrDefault("xmx", "768m"),
                    "-cp", System.getProperty("java.class.path"),
                    StreamingMemoryCheck.class.getName(), "--child", "true",
                    "--in", in.toString(), "--out", out.toString(), "--scale", String.valueOf(scale),
                    "--tile", opt.getOrDefault("tile", "128"), "--batch", opt.getOrDefault("batch", "4"),
                    "--model", opt.getOrDefault("model", "nn"), "--level", opt.getOrDefault("level", "1"),
                    "--memory", opt.getOrDefault("memory", TilingConfig.DEFAULT_MEMORY_MODE.name()),
                    "--precision", opt.getOrDefault("precision", "fp32")));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            // As in the surefire config: glibc otherwise keeps freed native buffers mapped (STACK-NOTES).
            pb.environment().put("MALLOC_ARENA_MAX", "1");
            pb.environment().put("MALLOC_MMAP_MAX_", "0");
            pb.environment().put("MALLOC_TRIM_THRESHOLD_", "68719476736");
            pb.environment().put("OMP_NUM_THREADS", "2");
            Process p = pb.start();
            String result = null;
            for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
                if (line.startsWith("RESULT ")) {
                    result = line.substring(7);
                } else if (!line.isBlank() && !line.contains(" INFO ")) {
                    System.out.println("  | " + line);
                }
            }
            int code = p.waitFor();
            if (code != 0 || result == null) {
                throw new IllegalStateException("child for size " + size + " failed with exit code " + code);
            }
            PngReader check = new PngReader(out.toFile());
            String dims = check.imgInfo.cols + "x" + check.imgInfo.rows;
            check.close();
            if (check.imgInfo.cols != width * scale || check.imgInfo.rows != height * scale) {
                throw new IllegalStateException("output is " + dims + ", expected " + width * scale + "x" + height * scale);
            }
            summary.add(String.format("LR %s -> %s PNG %,d bytes | %s", size, dims, Files.size(out), result));
            if (!opt.containsKey("dir")) {
                Files.delete(in);
                Files.delete(out);
            }
        }
        if (!opt.containsKey("dir")) {
            Files.delete(dir);
        }
        summary.forEach(System.out::println);
    }

    /** A smooth colour pattern with some per-pixel texture, written row by row. */
    private static void writePattern(Path file, int width, int height) throws IOException {
        try (PngRowSink sink = PngRowSink.toFile(file, 8).withCompressionLevel(1)) {
            sink.begin(height, width, 3);
            FloatImage row = FloatImage.zeros(1, width, 3);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int hash = (x * 73856093) ^ (y * 19349663);
                    float texture = ((hash >>> 8) & 0xff) / 255f * 0.2f;
                    row.set(0, x, 0, 0.4f * x / width + texture);
                    row.set(0, x, 1, 0.4f * y / height + texture);
                    row.set(0, x, 2, 0.4f * (float) Math.abs(Math.sin(0.01 * (x + y))) + texture);
                }
                sink.writeRows(y, row);
            }
            sink.end();
        }
    }

    private static void child(Map<String, String> opt) throws Exception {
        int scale = Integer.parseInt(opt.get("scale"));
        Nd4j.create(1).close(); // load the native backend before the baseline
        long baselineRss = procStatusKb("VmRSS");
        SrModel model = model(opt.get("model"), scale);
        if (Precision.parse(opt.get("precision")) == Precision.BF16) model = Bf16Model.of(model);
        TilingConfig config = TilingConfig.forModel(model, Integer.parseInt(opt.get("tile")))
                .withBatchSize(Integer.parseInt(opt.get("batch")))
                .withMemoryMode(NativeMemoryMode.valueOf(opt.get("memory")));
        Sampler sampler = new Sampler();
        sampler.start();
        long start = System.nanoTime();
        long workspaceBytes = 0;
        try (PngTileSource source = PngTileSource.open(Path.of(opt.get("in")));
             PngRowSink sink = PngRowSink.toFile(Path.of(opt.get("out")), 8).withCompressionLevel(Integer.parseInt(opt.get("level")));
             TiledUpscaler upscaler = new TiledUpscaler(model, config)) {
            upscaler.upscale(source, sink);
            for (MemoryWorkspace ws : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
                workspaceBytes += ws.getCurrentSize();
            }
        } finally {
            sampler.finish();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("RESULT model %s" + (model instanceof Bf16Model ? " (bf16)" : "") + ", tile %d, overlap %d, batch %d, %s, -Xmx %d MB: %.1f s; heap peak used %d MB "
                        + "(committed %d MB); workspace %d MB; RSS after backend load %d MB; peak RSS (VmHWM) %d MB%n",
                opt.get("model"), config.tileSize(), config.overlap(), config.batchSize(), config.memoryMode(),
                Runtime.getRuntime().maxMemory() >> 20, seconds, sampler.peakUsed >> 20, sampler.peakCommitted >> 20,
                workspaceBytes >> 20, baselineRss >> 10, procStatusKb("VmHWM") >> 10);
    }

    /** nn | conv (cheap test models) | an arch and size such as msrresnet:16x64 (a real generator, seeded weights). */
    private static SrModel model(String name, int scale) {
        if ("conv".equals(name)) return conv(scale);
        if ("nn".equals(name)) return new NearestShuffleModel(scale);
        String[] archSize = name.split("[:x]");
        if (archSize.length != 3) throw new IllegalArgumentException("--model nn|conv|ARCH:BLOCKSxCHANNELS, got " + name);
        GeneratorConfig config = new GeneratorConfig(archSize[0], Integer.parseInt(archSize[1]), Integer.parseInt(archSize[2]), scale, "subpixel");
        return Generators.build(config, new Init(0, DataType.FLOAT));
    }

    private static SrModel conv(int scale) {
        int stages = Integer.numberOfTrailingZeros(scale);
        if (Integer.bitCount(scale) != 1 || stages < 1) {
            throw new IllegalArgumentException("--model conv needs a power-of-two scale, got " + scale);
        }
        return new ConvShuffleModel(1, stages, 4, 1);
    }

    /** Polls heap used and committed every 10 ms until finished. */
    private static final class Sampler extends Thread {
        private volatile boolean running = true;
        volatile long peakUsed;
        volatile long peakCommitted;

        Sampler() {
            super("memory-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                long used = 0;
                long committed = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        used += pool.getUsage().getUsed();
                        committed += pool.getUsage().getCommitted();
                    }
                }
                peakUsed = Math.max(peakUsed, used);
                peakCommitted = Math.max(peakCommitted, committed);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void finish() throws InterruptedException {
            running = false;
            join();
        }
    }

    private static long procStatusKb(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException(key + " not in /proc/self/status");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
            }
            opt.put(args[i].substring(2), args[i + 1]);
        }
        return opt;
    }
}
