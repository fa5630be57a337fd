package io.srgan.spark.upscale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.srgan.spark.cluster.NativeThreads;
import io.srgan.spark.io.AtomicFile;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Bulk upscaling with a trained generator, on a cluster or an embedded local Spark:
 * <ol>
 *   <li>driver: list the inputs ({@link InputListing}) and the output folder ({@link OutputScan});
 *       inputs whose output is already complete are skipped, stray temporaries deleted;</li>
 *   <li>probe stage: tasks read every remaining header (format, size, limits), so bad files fail
 *       before any decoding and work can be measured in pixels;</li>
 *   <li>the driver balances the images over partitions by pixels ({@link SizeBalancer});</li>
 *   <li>upscale stage: the generator weights are broadcast once; each task upscales its images
 *       tile by tile and commits each output whole ({@link FileUpscaler});</li>
 *   <li>driver: {@value #ERRORS} (bad inputs and why) and {@value #SUMMARY} (counts, throughput)
 *       in the output folder.</li>
 * </ol>
 * A bad input is recorded and the job goes on. A killed job is finished by running it again.
 */
public final class UpscaleJob {
    public static final String ERRORS = "_errors.jsonl";
    public static final String SUMMARY = "_SUMMARY.json";
    private static final Logger LOG = LoggerFactory.getLogger(UpscaleJob.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final JavaSparkContext spark;

    public UpscaleJob(JavaSparkContext spark) {
        this.spark = spark;
    }

    /** The {@code spark.hadoop.*} settings of the Spark configuration (prefix removed), then {@code extra}. */
    public static HadoopSettings hadoopSettings(JavaSparkContext spark, HadoopSettings extra) {
        Map<String, String> values = new TreeMap<>();
        for (Tuple2<String, String> e : spark.getConf().getAllWithPrefix(HadoopSettings.SPARK_PREFIX)) {
            values.put(e._1(), e._2());
        }
        values.putAll(extra.values());
        return HadoopSettings.of(values);
    }

    public JobSummary run(UpscaleRequest request, ModelWeights model) throws IOException {
        long start = System.nanoTime();
        HadoopSettings hadoop = hadoopSettings(spark, request.hadoop());
        try (Storage output = Storage.open(request.output(), hadoop)) {
            UpscaleSettings settings = new UpscaleSettings(output.root().toString(), hadoop, request.tileSize(),
                    request.overlap() == null ? -1 : request.overlap(), request.batchSize(), request.format(), request.jpegQuality(),
                    request.maxPixels(), request.maxJpegOutputPixels());
            settings.tiling(model.receptiveFieldRadius()); // a tile too small for the overlap fails here, not in every task

            OutputScan existing = OutputScan.of(output.fileSystem(), output.root());
            if (existing.strayTemporaries() > 0) {
                LOG.info("deleted {} temporaries a killed run left in {}", existing.strayTemporaries(), output.root());
            }
            List<InputFile> inputs = InputListing.list(request.input(), hadoop.toConfiguration(), output.root());
            List<FileOutcome> outcomes = new ArrayList<>();
            List<PlannedImage> todo = plan(inputs, request.format(), existing, outcomes);
            long complete = outcomes.stream().filter(o -> o.status() == FileOutcome.Status.SKIPPED).count();
            LOG.info("{} inputs under {}: {} already complete in {}, {} name collisions, {} to read", inputs.size(), request.input(),
                    complete, output.root(), outcomes.size() - complete, todo.size());
            List<ProbedImage> usable = probe(todo, settings, model.scale(), outcomes);
            outcomes.addAll(upscale(usable, settings, model, request.partitions()));

            double seconds = (System.nanoTime() - start) / 1e9;
            JobSummary summary = JobSummary.of(model.describe(), model.scale(), request.input().toString(), output.root().toString(),
                    inputs.size(), outcomes, seconds, spark.defaultParallelism());
            AtomicFile.write(output, output.resolve(ERRORS), out -> ErrorReport.write(outcomes, out));
            AtomicFile.write(output, output.resolve(SUMMARY), out -> out.write(JSON.writeValueAsBytes(summary)));
            return summary;
        }
    }

    /** Output names; inputs whose output exists are skipped, two inputs claiming one output fail (the later one). */
    private static List<PlannedImage> plan(List<InputFile> inputs, OutputFormat format, OutputScan existing, List<FileOutcome> outcomes) {
        Map<String, InputFile> claimed = new HashMap<>();
        List<PlannedImage> todo = new ArrayList<>();
        for (InputFile input : inputs) {
            PlannedImage image = new PlannedImage(input, format.outputPath(input.relative()), format.encodingFor(input.relative()));
            InputFile earlier = claimed.putIfAbsent(image.output(), input);
            if (earlier != null) {
                outcomes.add(FileOutcome.failed(image, "its output " + image.output() + " is also the output of " + earlier.uri()
                        + " (same name, another extension): rename one", 0));
            } else if (existing.complete().contains(image.output())) {
                outcomes.add(FileOutcome.skipped(image, "output already complete"));
            } else {
                todo.add(image);
            }
        }
        return todo;
    }

    private List<ProbedImage> probe(List<PlannedImage> todo, UpscaleSettings settings, int scale, List<FileOutcome> outcomes) {
        if (todo.isEmpty()) return List.of();
        spark.setJobDescription("srgan upscale: read " + todo.size() + " image headers");
        // header reads wait on storage more than on the CPU: several tasks per core
        int slices = Math.min(todo.size(), 4 * spark.defaultParallelism());
        List<ProbedImage> usable = new ArrayList<>();
        for (ProbedImage p : spark.parallelize(todo, slices).mapPartitions(new ProbePartition(settings, scale)).collect()) {
            if (p.ok()) {
                usable.add(p);
            } else {
                outcomes.add(FileOutcome.failed(p.image(), p.failure(), 0));
            }
        }
        return usable;
    }

    private List<FileOutcome> upscale(List<ProbedImage> images, UpscaleSettings settings, ModelWeights model, Integer partitions) {
        if (images.isEmpty()) return List.of();
        int n = Math.max(1, Math.min(images.size(), partitions != null ? partitions : spark.defaultParallelism()));
        List<List<ProbedImage>> bundles = SizeBalancer.balance(images, n);
        long pixels = images.stream().mapToLong(ProbedImage::pixels).sum();
        LOG.info("upscaling {} images ({} input megapixels) ×{} with {} in {} tasks", images.size(), String.format("%.1f", pixels / 1e6),
                model.scale(), model.describe(), n);
        spark.setJobDescription("srgan upscale: " + images.size() + " images in " + n + " partitions");
        Broadcast<ModelWeights> weights = spark.broadcast(model);
        try {
            // one bundle per slice: parallelize cuts a list of n elements into n slices of one
            return spark.parallelize(bundles, n).mapPartitions(new UpscalePartition(weights, settings, NativeThreads.perTask(spark, n))).collect();
        } finally {
            weights.destroy();
        }
    }
}
