package io.srgan.spark.cli;

import io.srgan.core.arch.GeneratorConfig;
import io.srgan.spark.interop.WeightImport;
import io.srgan.spark.upscale.Locations;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code srgan import}: a BasicSR / Real-ESRGAN / ESRGAN weight file → a checkpoint of this project ({@link WeightImport}). */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Turn a community PyTorch weight file (.pth zip or legacy, .safetensors) of ESRGAN's RRDBNet (x2 Real-ESRGAN,"
                + " x4, x8) or BasicSR's MSRResNet (x2, x3, x4) into a run folder with one checkpoint, for upscale/evaluate --model,"
                + " train.init-from and models import --from.",
                "The architecture and its sizes are read off the tensors; nothing in the file is executed."})
final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the weight file: local path or Hadoop URI")
    String file;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "the run folder to create (local path or Hadoop URI); must be new or empty")
    String output;

    @Option(names = "--overwrite", description = "replace the checkpoint or run DIR already holds (it is deleted first)")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        WeightImport.Result r = WeightImport.run(Locations.toUri(file), Locations.toUri(output), HadoopProperties.fromSystemProperties(),
                overwrite);
        GeneratorConfig g = r.imported().config();
        System.out.println("detected:   " + r.imported().description());
        System.out.println("generator:  " + g.size() + " x" + g.scale() + " (generator.arch = " + g.arch() + ", blocks = " + g.blocks()
                + ", channels = " + g.channels() + (g.arch().equals("rrdb") ? ", growth = " + g.growth() : "") + ", upsampler = "
                + g.upsampler() + ", scale = " + g.scale() + ")");
        System.out.println("sha256:     " + r.sha256());
        System.out.println("checkpoint: " + r.checkpoint().uri());
        System.out.println("use it as:  --model " + output + "   or   train.init-from = \"" + output + "\" with the generator settings above");
        return ExitCodes.OK;
    }
}
