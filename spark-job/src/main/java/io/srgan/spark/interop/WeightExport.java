package io.srgan.spark.interop;

import io.srgan.core.arch.Generator;
import io.srgan.core.interop.OnnxExport;
import io.srgan.core.interop.SafetensorsWriter;
import io.srgan.core.interop.StateDict;
import io.srgan.core.interop.StateDictExport;
import io.srgan.core.interop.TorchZipWriter;
import io.srgan.core.util.Versions;
import io.srgan.spark.io.AtomicFile;
import io.srgan.spark.io.FileDigest;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.Storage;
import io.srgan.spark.run.ModelLocator;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;

/**
 * {@code srgan export}: a checkpoint's generator → a BasicSR state dict file or an ONNX model, written
 * atomically (readers see no file or the whole file). A .pth holds {@code {'params_ema': sd}} for EMA weights and
 * {@code {'params': sd}} for raw ones, the keys Real-ESRGAN's inference picks from (params_ema first)
 * and BasicSR's {@code param_key_g} names; a .safetensors file holds the flat state dict (F32); an
 * .onnx file the whole network ({@link OnnxExport}: every arch, srresnet included).
 */
public final class WeightExport {
    private WeightExport() {}

    /** The file formats written. */
    public enum Format {
        PTH, SAFETENSORS, ONNX;

        /** pth | safetensors | onnx. */
        public static Format parse(String name) {
            return switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "pth", "pt" -> PTH;
                case "safetensors" -> SAFETENSORS;
                case "onnx" -> ONNX;
                default -> throw new IllegalArgumentException("format must be pth, safetensors or onnx, got '" + name + "'");
            };
        }

        /** By the file's extension, or null. */
        public static Format ofFileName(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            return n.endsWith(".pth") || n.endsWith(".pt") ? PTH : n.endsWith(".safetensors") ? SAFETENSORS : n.endsWith(".onnx") ? ONNX : null;
        }
    }

    /** What was written: the generator, which weights, under which key (null but for pth), and the size. */
    public record Result(Generator generator, boolean ema, String wrapper, long bytes) {}

    /** Exports {@code model}'s generator (its EMA weights if it has them and {@code preferEma}) to {@code output}. */
    public static Result run(ModelLocator.Located model, boolean preferEma, Format format, URI output, HadoopSettings settings,
                             boolean overwrite) throws IOException {
        boolean ema = preferEma && model.state().hasEma();
        Generator g = model.generator(ema);
        StateDict sd = format == Format.ONNX ? null : StateDictExport.of(g, model.source());
        String wrapper = format == Format.PTH ? (ema ? "params_ema" : "params") : null;
        try (Storage storage = Storage.open(output, settings)) {
            refuseExisting(storage, overwrite);
            FileDigest written = AtomicFile.write(storage, storage.root(), out -> {
                switch (format) {
                    case PTH -> TorchZipWriter.write(sd, wrapper, out);
                    case SAFETENSORS -> SafetensorsWriter.write(sd, out);
                    case ONNX -> OnnxExport.write(g, model.source() + (ema ? " (EMA weights)" : ""), Versions.project(), out);
                }
            });
            return new Result(g, ema, wrapper, written.size());
        }
    }

    private static void refuseExisting(Storage storage, boolean overwrite) throws IOException {
        FileStatus s;
        try {
            s = storage.fileSystem().getFileStatus(storage.root());
        } catch (FileNotFoundException e) {
            return;
        }
        if (s.isDirectory()) throw new FileAlreadyExistsException(WeightImport.display(storage.uri()) + ": is a folder; --output names the file to write");
        if (!overwrite) throw new FileAlreadyExistsException(WeightImport.display(storage.uri()) + ": already exists; use --overwrite to replace it");
    }
}
