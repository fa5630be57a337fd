package io.srgan.spark.cli;

import io.srgan.core.inference.Precision;
import io.srgan.spark.cluster.SparkSessions;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.run.ModelLocator;
import io.srgan.spark.upscale.JobSummary;
import io.srgan.spark.upscale.Locations;
import io.srgan.spark.upscale.ModelWeights;
import io.srgan.spark.upscale.OutputFormat;
import io.srgan.spark.upscale.UpscaleJob;
import io.srgan.spark.upscale.UpscaleRequest;
import io.srgan.spark.upscale.WeightChoice;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code srgan upscale}: an image, a folder or a manifest of images upscaled by a trained generator,
 * as a Spark job ({@link UpscaleJob}) — on this machine's embedded Spark with local paths, or under
 * spark-submit with any Hadoop URI. Exit code 0 when every input is upscaled (or already was), 1
 * when some failed (listed in the output's _errors.jsonl), 2 when the job cannot run at all.
 */
@Command(name = "upscale", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Upscale an image, a folder (recursively) or a manifest of images with a trained generator.",
                "Locations are local paths or Hadoop URIs (hdfs://, s3a://, file://). Outputs keep the inputs' relative paths,",
                "colour mode and bit depth; each appears only once complete. A rerun skips complete outputs, so it finishes",
                "a killed run; one job per output folder, and one model (and settings) per output folder unless --overwrite.",
                "Bad inputs go to <output>/_errors.jsonl, counts and throughput to <output>/_SUMMARY.json.",
                "Exit code: 0 all upscaled (or already complete), 1 some inputs failed, 2 the job could not run."})
final class UpscaleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "checkpoint folder, or run folder (see --checkpoint)")
    String model;

    @picocli.CommandLine.Mixin
    CheckpointOption checkpoint = new CheckpointOption();

    @Option(names = "--input", required = true, description = "image, folder, or manifest (.txt/.lst: one path or URI per line)")
    String input;

    @Option(names = "--output", required = true, description = "output folder")
    String output;

    @Option(names = "--tile", defaultValue = "192", converter = NumericOptions.Positive.class,
            description = "tile size in LR pixels (default ${DEFAULT-VALUE})")
    int tile;

    @Option(names = "--overlap", converter = NumericOptions.NonNegative.class,
            description = "tile overlap in LR pixels (default: the model's receptive field: exact)")
    Integer overlap;

    @Option(names = "--batch", defaultValue = "4", converter = NumericOptions.Positive.class,
            description = "tiles per model call (default ${DEFAULT-VALUE}); a task's native memory grows with batch × (tile × scale)²")
    int batch;

    @Option(names = "--format", defaultValue = "png", description = "png, jpeg, or same (JPEG for JPEG inputs, else PNG); default ${DEFAULT-VALUE}")
    OutputFormat format;

    @Option(names = "--jpeg-quality", defaultValue = "0.95", converter = NumericOptions.Fraction.class,
            description = "JPEG quality 0..1 (default ${DEFAULT-VALUE})")
    float jpegQuality;

    @Option(names = "--precision", defaultValue = "fp32", converter = PrecisionOption.class,
            description = {"fp32; bf16: the convolutions' products in bf16, about 1.6x faster on CPUs with AVX512_BF16 (elsewhere fp32, with a warning);",
                    "or int8: the generator quantised on the driver (calibrated on 8 of the inputs) and run by ONNX Runtime,",
                    "about 2x faster on CPUs with AVX-512 VNNI; refused when its output is below 45 dB PSNR against fp32's (default ${DEFAULT-VALUE})"})
    Precision precision;

    @ArgGroup(exclusive = true)
    Weights weights;

    static final class Weights {
        @Option(names = "--ema", description = "use the EMA weights (an error if the checkpoint has none)") boolean ema;
        @Option(names = "--raw", description = "use the raw weights even if the checkpoint has EMA weights") boolean raw;
    }

    @Option(names = "--max-pixels", defaultValue = "100000000", converter = NumericOptions.PositiveLong.class,
            description = "largest input, width × height (default ${DEFAULT-VALUE})")
    long maxPixels;

    @Option(names = "--max-jpeg-output-mp", defaultValue = "256", converter = NumericOptions.Positive.class,
            description = "largest JPEG output in megapixels (encoded whole in memory; default ${DEFAULT-VALUE})")
    int maxJpegOutputMp;

    @Option(names = "--partitions", converter = NumericOptions.Positive.class,
            description = "tasks of the upscale stage (default: Spark's default parallelism)")
    Integer partitions;

    @Option(names = "--native-memory", paramLabel = "SIZE", converter = NumericOptions.ByteSize.class, description = {"native memory each executor JVM (locally: this JVM) may use"
            + " beside its heap, shared by its tasks, e.g. 12g (default: spark.executor.memoryOverhead when set, else the machine's memory"
            + " beyond the heap). An image whose estimated memory does not fit a task's share of it or of the heap is refused in"
            + " _errors.jsonl"})
    Long nativeMemory;

    @Option(names = "--overwrite", description = {"redo every output; needed when the output folder holds the outputs of another model",
            "or other settings (default: skip complete outputs, refuse such a folder)"})
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        WeightChoice choice = weights == null ? WeightChoice.PREFER_EMA : weights.ema ? WeightChoice.EMA : WeightChoice.RAW;
        UpscaleRequest request = new UpscaleRequest(Locations.toUri(input), Locations.toUri(output), tile, overlap, batch,
                format, jpegQuality, maxPixels, maxJpegOutputMp * 1_000_000L, partitions,
                HadoopSettings.empty()).withOverwrite(overwrite).withNativeMemory(nativeMemory).withPrecision(precision);
        JavaSparkContext spark = SparkSessions.getOrCreate("srgan upscale");
        if (SparkSessions.isLocal(spark)) quietSpark(spark);
        HadoopSettings hadoop = UpscaleJob.hadoopSettings(spark, request.hadoop());
        ModelLocator.Located located = ModelLocator.locate(Locations.toUri(model), hadoop, checkpoint.choice);
        ModelWeights weightsToUse = ModelWeights.of(located.meta(), located.state().tensors(), choice, located.source());
        JobSummary summary = new UpscaleJob(spark).run(request, weightsToUse);
        summary.print(spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
        return summary.exitCode();
    }

    /** On this machine the console is the user's: Spark's INFO chatter off, the job's own progress on. */
    private static void quietSpark(JavaSparkContext spark) {
        spark.setLogLevel("WARN");
        Configurator.setLevel("io.srgan", Level.INFO);
    }
}
