package io.srgan.spark.upscale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.srgan.core.arch.Generator;
import io.srgan.core.data.ColourMode;
import io.srgan.core.data.DecodedImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.inference.TilingConfig;
import io.srgan.spark.io.Storage;
import io.srgan.spark.testing.AllStorages;
import io.srgan.spark.testing.LocalSpark;
import io.srgan.spark.testing.TestStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The job end to end on the local file system, HDFS and S3, with a real Spark and a real generator:
 * a folder tree of images in every kept mode plus a corpus of bad files. Outputs must equal the
 * core's single-image output byte for byte, keep paths, modes and depths; bad files must be
 * reported with their reasons while the rest is done; a rerun must redo nothing.
 */
@ExtendWith(LocalSpark.class)
class UpscaleJobTest {
    /** Good inputs: relative path → bytes. */
    private static Map<String, byte[]> goodInputs() {
        Map<String, byte[]> in = new LinkedHashMap<>();
        in.put("rgb8.png", TestPictures.png(17, 23, ColourMode.RGB, 8, 1));
        in.put("sub/rgba16.png", TestPictures.png(19, 14, ColourMode.RGBA, 16, 2));
        in.put("sub/deeper/gray16.png", TestPictures.png(15, 21, ColourMode.GRAY, 16, 3));
        in.put("gray-alpha.png", TestPictures.png(13, 16, ColourMode.GRAY_ALPHA, 8, 4));
        in.put("photo.jpg", TestPictures.jpeg(18, 20, ColourMode.RGB, 5));
        in.put("sub/gray.JPEG", TestPictures.jpeg(16, 16, ColourMode.GRAY, 6));
        in.put("print.jpg", TestPictures.cmykJpeg(15, 17, 14)); // CMYK: decoded to RGB, written as RGB
        in.put("scan.bmp", TestPictures.imageIo(14, 18, "bmp", 7));
        in.put("page.tif", TestPictures.imageIo(20, 12, "tiff", 8));
        return in;
    }

    /** Bad inputs: relative path → bytes, and a part of the reason expected for each. */
    private static Map<String, Object[]> badInputs() {
        Map<String, Object[]> bad = new TreeMap<>();
        bad.put("bad/truncated.png", new Object[] {TestPictures.truncated(TestPictures.png(30, 30, ColourMode.RGB, 8, 9)), "corrupt or truncated png data"});
        bad.put("bad/truncated.jpg", new Object[] {TestPictures.truncated(TestPictures.jpeg(44, 44, ColourMode.RGB, 10)),
                "corrupt or truncated jpeg data"});
        bad.put("bad/text.png", new Object[] {TestPictures.text(), "not an image"});
        bad.put("bad/empty.png", new Object[] {new byte[0], "empty file"});
        bad.put("bad/absurd.png", new Object[] {TestPictures.pngHeaderOnly(100_000, 100_000), "exceeds the limit of 65535 pixels per side"});
        bad.put("bad/over-limit.png", new Object[] {TestPictures.png(50, 50, ColourMode.RGB, 8, 11), "= 2500 pixels exceeds the limit of 2000"});
        bad.put("bad/cmyk-alpha.tif", new Object[] {TestPictures.cmykAlphaTiff(4, 4), "unsupported colour mode: CMYK+alpha"});
        return bad;
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void upscalesAFolderTreeKeepingPathsModesAndDepthsReportsBadFilesAndRedoesNothingOnRerun(TestStorage storage, JavaSparkContext spark)
            throws Exception {
        URI base = storage.newFolder("upscale");
        try (Storage store = Storage.open(base, storage.settings())) {
            FileSystem fs = store.fileSystem();
            TinyModel.write(fs, store.resolve("model"), TinyModel.CONFIG, true);
            Map<String, byte[]> good = goodInputs();
            Map<String, Object[]> bad = badInputs();
            good.forEach((name, bytes) -> write(fs, store.resolve("in/" + name), bytes));
            bad.forEach((name, spec) -> write(fs, store.resolve("in/" + name), (byte[]) spec[0]));
            write(fs, store.resolve("in/.hidden.png"), TestPictures.png(8, 8, ColourMode.RGB, 8, 12));
            write(fs, store.resolve("in/_logs/old.png"), TestPictures.png(8, 8, ColourMode.RGB, 8, 13));
            write(fs, store.resolve("in/notes.txt"), TestPictures.text());

            ModelWeights weights = ModelWeights.of(readMeta(fs, store.resolve("model")), readTensors(fs, store.resolve("model")),
                    WeightChoice.PREFER_EMA, "tiny");
            Generator ema = TinyModel.generator(TinyModel.CONFIG, TinyModel.EMA_SEED);
            int tile = 2 * ema.receptiveFieldRadius() + 5; // several tiles per image
            UpscaleRequest request = new UpscaleRequest(base.resolve("in/"), base.resolve("out/"), tile, null, TilingConfig.DEFAULT_BATCH_SIZE, OutputFormat.SAME,
                    0.95f, 2000, 256_000_000L, null, storage.settings());

            JobSummary first = new UpscaleJob(spark).run(request, weights);

            assertEquals(good.size() + bad.size(), first.inputs(), "hidden files, _folders and non-images are not inputs");
            assertEquals(good.size(), first.succeeded());
            assertEquals(bad.size(), first.failed());
            assertEquals(0, first.skipped());
            assertEquals(1, first.exitCode());
            TilingConfig tiling = TilingConfig.forModel(ema, tile);
            Map<String, FileStatus> written = new TreeMap<>();
            for (Map.Entry<String, byte[]> in : good.entrySet()) {
                OutputFormat.Encoding encoding = OutputFormat.SAME.encodingFor(in.getKey());
                String outName = OutputFormat.SAME.outputPath(in.getKey());
                Path out = store.resolve("out/" + outName);
                byte[] actual = read(fs, out);
                assertArrayEquals(CoreReference.upscale(in.getValue(), in.getKey(), ema, tiling, encoding), actual,
                        outName + " must equal the core's single-image output");
                DecodedImage source = new ImageDecoder().decode(in.getValue(), in.getKey());
                DecodedImage result = new ImageDecoder().decode(actual, outName);
                assertEquals(source.mode(), result.mode(), outName);
                assertEquals(source.bitDepth(), result.bitDepth(), outName);
                assertEquals(2 * source.width(), result.width(), outName);
                assertEquals(encoding == OutputFormat.Encoding.JPEG ? "jpeg" : "png", result.format(), outName);
                written.put(outName, fs.getFileStatus(out));
            }
            assertEquals(List.of("gray-alpha.png", "page.png", "photo.jpg", "print.jpg", "rgb8.png", "scan.png", "sub/deeper/gray16.png",
                    "sub/gray.JPEG", "sub/rgba16.png"), List.copyOf(written.keySet()));

            List<JsonNode> errors = errorLines(fs, store.resolve("out/" + UpscaleJob.ERRORS));
            assertEquals(bad.size(), errors.size());
            for (JsonNode e : errors) {
                String path = e.get("path").asText();
                String relative = path.substring(path.indexOf("/in/") + 4);
                String expected = (String) bad.get(relative)[1];
                assertTrue(e.get("reason").asText().contains(expected), relative + ": " + e.get("reason").asText());
            }
            JsonNode summary = new ObjectMapper().readTree(read(fs, store.resolve("out/" + UpscaleJob.SUMMARY)));
            assertEquals(good.size(), summary.get("succeeded").asInt());
            assertEquals(bad.size(), summary.get("failed").asInt());
            assertTrue(summary.get("output_mp_per_second").asDouble() > 0);

            JobSummary second = new UpscaleJob(spark).run(request, weights);

            assertEquals(0, second.succeeded());
            assertEquals(good.size(), second.skipped());
            assertEquals(bad.size(), second.failed(), "bad files are retried, and fail again");
            for (Map.Entry<String, FileStatus> w : written.entrySet()) {
                FileStatus now = fs.getFileStatus(store.resolve("out/" + w.getKey()));
                assertEquals(w.getValue().getModificationTime(), now.getModificationTime(), w.getKey() + " was rewritten");
            }
            assertFalse(fs.exists(store.resolve("out/.hidden.png")));
        }
    }

    /**
     * JPEG output refuses what JPEG cannot keep (alpha, 16 bits) and what is too large to encode in
     * memory; two inputs that would write one output are reported; an output folder inside the input
     * folder is not read as input.
     */
    @org.junit.jupiter.api.Test
    void jpegOutputRefusesWhatItCannotKeepAndNameCollisionsAreReported(JavaSparkContext spark) throws Exception {
        java.nio.file.Path dir = io.srgan.spark.testing.BuildDirs.newFolder("upscale-jpeg", "run-");
        FileSystem fs = FileSystem.getLocal(new org.apache.hadoop.conf.Configuration()).getRawFileSystem();
        Path base = new Path(dir.toUri());
        TinyModel.write(fs, new Path(base, "model"), TinyModel.CONFIG, false);
        write(fs, new Path(base, "in/rgb.png"), TestPictures.png(16, 16, ColourMode.RGB, 8, 1));
        write(fs, new Path(base, "in/rgb.bmp"), TestPictures.imageIo(16, 16, "bmp", 2));
        write(fs, new Path(base, "in/alpha.png"), TestPictures.png(16, 16, ColourMode.RGBA, 8, 3));
        write(fs, new Path(base, "in/deep.png"), TestPictures.png(16, 16, ColourMode.GRAY, 16, 4));
        write(fs, new Path(base, "in/wide.png"), TestPictures.png(10, 120, ColourMode.RGB, 8, 5));
        write(fs, new Path(base, "in/out/earlier.png"), TestPictures.png(8, 8, ColourMode.RGB, 8, 6));
        ModelWeights weights = ModelWeights.of(readMeta(fs, new Path(base, "model")), readTensors(fs, new Path(base, "model")),
                WeightChoice.PREFER_EMA, "tiny");
        UpscaleRequest request = new UpscaleRequest(dir.resolve("in").toUri(), dir.resolve("in/out").toUri(), 16, null,
                TilingConfig.DEFAULT_BATCH_SIZE, OutputFormat.JPEG, 0.9f, 100_000_000L, 2_000L, null, io.srgan.spark.io.HadoopSettings.empty())
                .withOverwrite(true); // in/out holds an image that no job recorded

        JobSummary summary = new UpscaleJob(spark).run(request, weights);

        assertEquals(5, summary.inputs(), "the output folder inside the input folder is not input");
        assertEquals(1, summary.succeeded());
        assertEquals(4, summary.failed());
        Map<String, String> reasons = new TreeMap<>();
        for (JsonNode e : errorLines(fs, new Path(base, "in/out/" + UpscaleJob.ERRORS))) {
            String path = e.get("path").asText();
            reasons.put(path.substring(path.lastIndexOf('/') + 1), e.get("reason").asText());
        }
        assertEquals(List.of("alpha.png", "deep.png", "rgb.png", "wide.png"), List.copyOf(reasons.keySet()));
        assertTrue(reasons.get("alpha.png").contains("JPEG output cannot keep the input's alpha channel"), reasons.get("alpha.png"));
        assertTrue(reasons.get("deep.png").contains("cannot keep the input's 16-bit samples"), reasons.get("deep.png"));
        assertTrue(reasons.get("rgb.png").contains("is also the output of") && reasons.get("rgb.png").contains("rgb.bmp"),
                reasons.get("rgb.png"));
        assertTrue(reasons.get("wide.png").contains("exceeds the limit of 2000 pixels"), reasons.get("wide.png"));
        assertEquals("jpeg", new ImageDecoder().decode(read(fs, new Path(base, "in/out/rgb.jpg")), "rgb.jpg").format());
    }

    static io.srgan.core.checkpoint.CheckpointMeta readMeta(FileSystem fs, Path dir) throws IOException {
        try (InputStream in = fs.open(new Path(dir, io.srgan.core.checkpoint.Checkpoints.META))) {
            return io.srgan.core.checkpoint.Checkpoints.readMeta(in, dir.toString());
        }
    }

    static Map<String, org.nd4j.linalg.api.ndarray.INDArray> readTensors(FileSystem fs, Path dir) throws IOException {
        try (InputStream in = fs.open(new Path(dir, io.srgan.core.checkpoint.Checkpoints.STATE))) {
            return io.srgan.core.checkpoint.NpzCodec.read(in, dir.toString());
        }
    }

    static void write(FileSystem fs, Path path, byte[] bytes) {
        try (OutputStream out = fs.create(path, true)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] read(FileSystem fs, Path path) throws IOException {
        try (InputStream in = fs.open(path)) {
            return in.readAllBytes();
        }
    }

    private static List<JsonNode> errorLines(FileSystem fs, Path path) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : new String(read(fs, path), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) lines.add(json.readTree(line));
        }
        return lines;
    }
}
