package io.srgan.spark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.srgan.core.arch.Generator;
import io.srgan.core.data.DecodedImage;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.inference.Bf16Model;
import io.srgan.core.inference.Precision;
import io.srgan.core.inference.SrModel;
import io.srgan.core.inference.ort.CalibrationTiles;
import io.srgan.core.inference.ort.Int8Model;
import io.srgan.core.inference.ort.Int8Quantization;
import io.srgan.core.inference.ort.OrtSrModel;
import io.srgan.core.metric.BicubicBaseline;
import io.srgan.core.metric.DatasetScore;
import io.srgan.core.metric.GrayPolicy;
import io.srgan.core.metric.ImageScore;
import io.srgan.core.metric.SrEvaluator;
import io.srgan.core.util.Versions;
import io.srgan.spark.run.ModelLocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code srgan evaluate}: PSNR/SSIM on Y (the EDSR/RCAN/SwinIR protocol) of a model or of bicubic. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score a model (or MATLAB bicubic) on a folder of HR images: LR is made by MATLAB-exact bicubic,",
                "or read from --lr (e.g. what srgan degrade wrote)."})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--hr", required = true, description = "folder of ground-truth HR images")
    Path hr;

    @Option(names = "--scale", converter = NumericOptions.Positive.class, description = "upscaling factor (default: the model's; required with --bicubic)")
    Integer scale;

    @Option(names = "--lr", description = "folder of the LR inputs, one per HR image with the same name (any extension),"
            + " exactly 1/scale of the HR cropped to a multiple of the scale (default: MATLAB bicubic of the HR)")
    Path lr;

    @ArgGroup(multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--model", description = "checkpoint folder (meta.json + state.npz) or run folder (see --checkpoint)") Path model;
        @Option(names = "--bicubic", description = "score MATLAB bicubic upscaling instead of a model") boolean bicubic;
    }

    @picocli.CommandLine.Mixin
    CheckpointOption checkpoint = new CheckpointOption();

    @Option(names = "--raw", description = "use the raw generator weights even if the checkpoint has EMA weights")
    boolean raw;

    private static final int CALIBRATION_IMAGES = 8;

    @Option(names = "--precision", defaultValue = "fp32", converter = PrecisionOption.class,
            description = {"fp32, bf16 or int8 as upscale runs them (int8: quantised, calibrated on 8 of the LR inputs, run by ONNX Runtime)",
                    "(default ${DEFAULT-VALUE})"})
    Precision precision;

    @Option(names = "--json", description = "also write the scores as JSON here")
    Path json;

    @Override
    public Integer call() throws Exception {
        ImageDecoder decoder = new ImageDecoder();
        DatasetScore scores;
        int s;
        String what;
        if (source.bicubic) {
            if (scale == null) throw new ParameterException(spec.commandLine(), "--bicubic needs --scale");
            s = scale;
            scores = lr == null ? BicubicBaseline.run(hr, s, GrayPolicy.DIRECT, decoder)
                    : BicubicBaseline.run(hr, lr, s, GrayPolicy.DIRECT, decoder);
            what = "bicubic";
        } else {
            Generator g = ModelLocator.load(source.model, !raw, checkpoint.choice);
            s = g.scale();
            if (scale != null && scale != s) {
                throw new IllegalArgumentException("--scale " + scale + " but the model at " + source.model + " is ×" + s);
            }
            what = source.model.toString();
            if (precision == Precision.INT8) {
                Int8Model int8 = Int8Quantization.quantize(g, CalibrationTiles.of(calibrationImages(decoder, s), g.inputAlignment(), 0),
                        Runtime.getRuntime().availableProcessors(), what, Versions.project());
                what += ", " + int8.describe();
                try (OrtSrModel model = new OrtSrModel(int8.onnx(), s, g.receptiveFieldRadius(), g.inputAlignment(),
                        Runtime.getRuntime().availableProcessors())) {
                    scores = lr == null ? SrEvaluator.scoreFolder(model, hr, decoder) : SrEvaluator.scoreFolder(model, hr, lr, decoder);
                }
            } else {
                SrModel model = precision == Precision.BF16 ? Bf16Model.of(g) : g;
                if (model != g) what += ", bf16 convolutions";
                scores = lr == null ? SrEvaluator.scoreFolder(model, hr, decoder) : SrEvaluator.scoreFolder(model, hr, lr, decoder);
            }
        }
        System.out.printf("%-16s %9s %8s%n", "image", "PSNR-Y", "SSIM-Y");
        for (ImageScore i : scores.images()) System.out.printf("%-16s %9.3f %8.4f%n", i.name(), i.psnrY(), i.ssimY());
        System.out.printf("%-16s %9.3f %8.4f   (%s, ×%d, %d images, LR %s)%n", "mean", scores.meanPsnrY(), scores.meanSsimY(), what, s,
                scores.size(), lr == null ? "MATLAB bicubic of the HR" : "from " + lr);
        if (json != null) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("source", what);
            out.put("scale", s);
            out.put("hr", hr.toString());
            out.put("lr", lr == null ? "matlab-bicubic" : lr.toString());
            out.put("mean_psnr_y", scores.meanPsnrY());
            out.put("mean_ssim_y", scores.meanSsimY());
            out.put("images", scores.images());
            Files.write(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(out));
        }
        return 0;
    }

    /** The first {@value #CALIBRATION_IMAGES} LR inputs in name order (as upscale, int8 is calibrated on what it runs on). */
    private List<FloatImage> calibrationImages(ImageDecoder decoder, int s) throws IOException {
        List<FloatImage> images = new ArrayList<>();
        Path folder = lr != null ? lr : hr;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().limit(CALIBRATION_IMAGES).toList()) {
                DecodedImage image = decoder.decode(p);
                images.add(lr != null ? image.rgb() : SrEvaluator.lrOf(image, s));
            }
        }
        return images;
    }
}
