package io.srgan.spark.upscale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.srgan.core.inference.Bf16Model;
import io.srgan.core.inference.Precision;
import io.srgan.spark.io.AtomicFile;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Bulk upscaling with a trained generator, on a cluster or an embedded local Spark:
 * <ol>
 *   <li>driver: list the inputs ({@link InputListing}); lock the output folder ({@link OutputLock}: one
 *       job per folder) and see what it holds ({@link OutputScan}): stray temporaries are deleted, a folder
 *       of another model is refused unless overwritten ({@link OutputClaim}, {@link ModelRecord}); every
 *       output is proven inside the folder ({@link OutputPaths}); inputs whose output is already complete
 *       are skipped;</li>
 *   <li>probe stage: tasks read every remaining header (format, size, limits, the memory it would take
 *       against a task's budget: {@link MemoryEstimate}, {@link MemoryBudget}), so bad or too large
 *       files fail before any decoding and work can be measured in pixels;</li>
 *   <li>{@code --precision int8}: the driver quantises the generator, calibrated on some inputs ({@link Int8Calibration});</li>
 *   <li>upscale stage ({@link UpscaleStage}): the driver balances the images over tasks by pixels, the
 *       generator weights are broadcast once; each task upscales its images tile by tile and commits each
 *       output whole ({@link FileUpscaler}); a task that dies is narrowed down to the file that kills it;</li>
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
        // a driver without bf16 runs and records fp32 throughout; an executor without it falls back alone (its log says so)
        if (request.precision() == Precision.BF16 && !Bf16Model.available()) request = request.withPrecision(Precision.FP32);
        long start = System.nanoTime();
        HadoopSettings hadoop = hadoopSettings(spark, request.hadoop());
        try (Storage output = Storage.open(request.output(), hadoop)) {
            List<InputFile> inputs = InputListing.list(request.input(), hadoop.toConfiguration(), output.root());
            try (OutputLock lock = OutputLock.acquire(output, "srgan upscale of " + request.input())) {
                OutputScan existing = OutputScan.of(output.fileSystem(), output.root());
                if (existing.strayTemporaries() > 0) {
                    LOG.info("deleted {} temporaries a killed run left in {}", existing.strayTemporaries(), output.root());
                }
                ModelRecord wanted = ModelRecord.of(model, settings(request, output, hadoop, false));
                boolean redo = OutputClaim.redoAll(ModelRecord.read(output), wanted, existing.outputs(), request.overwrite(),
                        output.root().toString());
                UpscaleSettings settings = settings(request, output, hadoop, redo);
                settings.tiling(model.receptiveFieldRadius(), model.config().inputAlignment()); // a tile too small fails here, not in every task
                lock.checkHeld();
                wanted.withOverwriting(redo).write(output); // before any output: a killed run leaves the record of what it wrote
                if (redo) LOG.info("redoing every output in {} with {}", output.root(), wanted.describe());

                List<FileOutcome> outcomes = new ArrayList<>();
                List<PlannedImage> todo = plan(inputs, settings.outputs(), redo ? Set.of() : existing.complete(), outcomes);
                long complete = outcomes.stream().filter(o -> o.status() == FileOutcome.Status.SKIPPED).count();
                LOG.info("{} inputs under {}: {} already complete in {}, {} refused (name collisions, outputs outside the folder), {} to read",
                        inputs.size(), request.input(), complete, output.root(), outcomes.size() - complete, todo.size());
                int tasks = UpscaleStage.tasks(spark, todo.size(), request.partitions());
                MemoryBudget budget = MemoryBudget.of(spark, request.nativeMemory(), tasks);
                List<ProbedImage> usable = probe(todo, settings, model, budget, outcomes);
                if (request.precision() == Precision.INT8 && !usable.isEmpty()) model = Int8Calibration.quantize(model, inputs, settings);
                if (request.precision() == Precision.BF16) model = model.withBf16();
                outcomes.addAll(new UpscaleStage(spark).run(usable, settings, model, request.partitions()));
                List<FileOutcome> reported = redo ? withoutStaleOutputs(outcomes, output, settings.outputs()) : outcomes;

                double seconds = (System.nanoTime() - start) / 1e9;
                JobSummary summary = JobSummary.of(model.describe(), model.scale(), request.input().toString(), output.root().toString(),
                        inputs.size(), reported, seconds, spark.defaultParallelism());
                lock.checkHeld();
                if (redo) wanted.write(output); // every input went through: the folder holds this model's outputs only
                AtomicFile.write(output, output.resolve(ERRORS), out -> ErrorReport.write(reported, out));
                AtomicFile.write(output, output.resolve(SUMMARY), out -> out.write(JSON.writeValueAsBytes(summary)));
                return summary;
            }
        }
    }

    private static UpscaleSettings settings(UpscaleRequest request, Storage output, HadoopSettings hadoop, boolean replaceExisting) {
        return new UpscaleSettings(output.root().toString(), hadoop, request.tileSize(), request.overlap() == null ? -1 : request.overlap(),
                request.batchSize(), request.format(), request.jpegQuality(), request.maxPixels(), request.maxJpegOutputPixels(),
                replaceExisting, request.precision());
    }

    /**
     * While outputs are redone, an input that failed may still have an output of the earlier model: it
     * is deleted (said in the reason), so that the folder holds no other model's output for any input
     * this job listed. Outputs this job wrote are never deleted, even when a later input claimed the same name.
     */
    private static List<FileOutcome> withoutStaleOutputs(List<FileOutcome> outcomes, Storage output, OutputPaths paths) throws IOException {
        Set<String> written = new HashSet<>();
        for (FileOutcome o : outcomes) {
            if (o.status() == FileOutcome.Status.DONE) written.add(o.output());
        }
        List<FileOutcome> out = new ArrayList<>();
        for (FileOutcome o : outcomes) {
            if (o.status() == FileOutcome.Status.FAILED && !written.contains(o.output()) && paths.refusal(o.output()) == null
                    && output.fileSystem().delete(paths.resolve(o.output()), false)) {
                o = new FileOutcome(o.input(), o.output(), o.status(), o.reason() + "; its earlier output, another model's, was deleted",
                        o.outputPixels(), o.seconds());
            }
            out.add(o);
        }
        return out;
    }

    /**
     * Output names; an output that would not be inside the output folder fails, inputs whose output
     * exists are skipped, two inputs claiming one output fail (the later one).
     */
    private static List<PlannedImage> plan(List<InputFile> inputs, OutputPaths paths, Set<String> complete, List<FileOutcome> outcomes) {
        Map<String, InputFile> claimed = new HashMap<>();
        List<PlannedImage> todo = new ArrayList<>();
        for (InputFile input : inputs) {
            PlannedImage image = paths.plan(input);
            String outside = paths.refusal(image.output());
            InputFile earlier = outside != null ? null : claimed.putIfAbsent(image.output(), input);
            if (outside != null) {
                outcomes.add(FileOutcome.failed(image, outside, 0));
            } else if (earlier != null) {
                outcomes.add(FileOutcome.failed(image, "its output " + image.output() + " is also the output of " + earlier.uri()
                        + " (same name, another extension): rename one", 0));
            } else if (complete.contains(image.output())) {
                outcomes.add(FileOutcome.skipped(image, "output already complete"));
            } else {
                todo.add(image);
            }
        }
        return todo;
    }

    private List<ProbedImage> probe(List<PlannedImage> todo, UpscaleSettings settings, ModelWeights model, MemoryBudget budget,
                                    List<FileOutcome> outcomes) {
        if (todo.isEmpty()) return List.of();
        spark.setJobDescription("srgan upscale: read " + todo.size() + " image headers");
        // header reads wait on storage more than on the CPU: several tasks per core
        int slices = Math.min(todo.size(), 4 * spark.defaultParallelism());
        List<ProbedImage> usable = new ArrayList<>();
        for (ProbedImage p : spark.parallelize(todo, slices).mapPartitions(new ProbePartition(settings, model, budget)).collect()) {
            if (p.ok()) {
                usable.add(p);
            } else {
                outcomes.add(FileOutcome.failed(p.image(), p.failure(), 0));
            }
        }
        return usable;
    }
}
