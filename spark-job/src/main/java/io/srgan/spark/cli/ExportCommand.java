package io.srgan.spark.cli;

import io.srgan.core.arch.GeneratorConfig;
import io.srgan.spark.interop.WeightExport;
import io.srgan.spark.run.ModelLocator;
import io.srgan.spark.upscale.Locations;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code srgan export}: a trained generator → a BasicSR state dict (.pth or .safetensors) or ONNX, see {@link WeightExport}. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a trained generator as an ONNX model, or (rrdb, srvgg, msrresnet with the subpixel upsampler) as a"
                + " PyTorch state dict in BasicSR's names and layouts, for BasicSR, Real-ESRGAN, spandrel and other PyTorch tools.",
                ".onnx: opset 17, input 'lr' and output 'sr', float32 RGB NCHW in [0, 1], batch, height and width dynamic; every arch.",
                ".pth: torch.save's zip format holding {'params_ema': sd} (EMA weights) or {'params': sd} (raw weights);"
                        + " .safetensors: the flat state dict, float32. srresnet has no PyTorch counterpart: ONNX only."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "checkpoint folder, or run folder (see --checkpoint); local path or Hadoop URI")
    String model;

    @Mixin
    CheckpointOption checkpoint = new CheckpointOption();

    @Option(names = "--format", paramLabel = "onnx|pth|safetensors", description = "file format (default: by the output's extension)")
    String format;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "the file to write (local path or Hadoop URI)")
    String output;

    @Option(names = "--raw", description = "export the raw weights even if the checkpoint has EMA weights")
    boolean raw;

    @Option(names = "--overwrite", description = "replace FILE if it exists")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        WeightExport.Format f = format(spec, format, output);
        var hadoop = HadoopProperties.fromSystemProperties();
        ModelLocator.Located located = ModelLocator.locate(Locations.toUri(model), hadoop, checkpoint.choice);
        WeightExport.Result r = WeightExport.run(located, !raw, f, Locations.toUri(output), hadoop, overwrite);
        GeneratorConfig g = r.generator().config();
        System.out.println("model:    " + g.size() + " x" + g.scale() + " (" + (r.ema() ? "EMA" : "raw") + " weights) from " + located.source());
        System.out.println("written:  " + output + " (" + r.bytes() + " bytes, " + f.name().toLowerCase(java.util.Locale.ROOT)
                + (r.wrapper() == null ? "" : ", state dict under '" + r.wrapper() + "'") + ")");
        if (f == WeightExport.Format.ONNX) {
            System.out.println("onnx:     input 'lr' [batch, 3, height, width] -> output 'sr' [batch, 3, " + g.scale() + "*height, "
                    + g.scale() + "*width], float32 RGB in [0, 1]" + (g.inputAlignment() > 1 ? "; height and width must be multiples of " + g.inputAlignment() : ""));
        } else {
            System.out.println("pytorch:  " + torchConstructor(g));
        }
        return ExitCodes.OK;
    }

    /** The PyTorch module the exported state dict loads into. */
    static String torchConstructor(GeneratorConfig g) {
        return switch (g.arch()) {
            case "rrdb" -> "basicsr.archs.rrdbnet_arch.RRDBNet(num_in_ch=3, num_out_ch=3, num_feat=" + g.channels() + ", num_block="
                    + g.blocks() + ", num_grow_ch=" + g.growth() + ", scale=" + g.scale() + ")"
                    + (g.scale() == 8 ? " with a third conv_up (x8 is not in BasicSR)" : "");
            case "srvgg" -> "realesrgan.archs.srvgg_arch.SRVGGNetCompact(num_in_ch=3, num_out_ch=3, num_feat=" + g.channels()
                    + ", num_conv=" + g.blocks() + ", upscale=" + g.scale() + ", act_type='prelu')";
            default -> "basicsr.archs.srresnet_arch.MSRResNet(num_in_ch=3, num_out_ch=3, num_feat=" + g.channels() + ", num_block="
                    + g.blocks() + ", upscale=" + g.scale() + ")";
        };
    }

    private static WeightExport.Format format(CommandSpec spec, String format, String output) {
        if (format != null) {
            try {
                return WeightExport.Format.parse(format);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--format: " + e.getMessage());
            }
        }
        WeightExport.Format f = WeightExport.Format.ofFileName(output);
        if (f == null) throw new ParameterException(spec.commandLine(), "--format is needed: " + output + " ends in none of .onnx, .pth, .safetensors");
        return f;
    }
}
