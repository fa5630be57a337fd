package io.srgan.core.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a community weight file into a {@link StateDict}, without Python: PyTorch's zip format,
 * its pre-1.6 legacy format, or safetensors, told apart by their first bytes (not the extension:
 * {@code .pth} is used for both PyTorch formats).
 */
public final class WeightFiles {
    /** The file formats read, as detected. */
    public enum Format { TORCH_ZIP, TORCH_LEGACY, SAFETENSORS }

    private WeightFiles() {}

    /** The state dict in {@code file}, wrapper keys resolved and a DataParallel {@code module.} prefix stripped. */
    public static StateDict read(Path file) throws IOException {
        Map<String, FloatTensor> tensors = switch (format(file)) {
            case TORCH_ZIP -> TorchZipReader.read(file);
            case TORCH_LEGACY -> TorchLegacyReader.read(file);
            case SAFETENSORS -> SafetensorsReader.read(file);
        };
        if (tensors.isEmpty()) throw new WeightFileException(file + ": holds no tensors");
        return new StateDict(file.toString(), StateDictSelector.stripModulePrefix(tensors));
    }

    public static Format format(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(9);
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return Format.TORCH_ZIP;
        if (head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5) return Format.TORCH_LEGACY;
        if (head.length == 9 && head[8] == '{') return Format.SAFETENSORS;
        throw new WeightFileException(file + ": neither a PyTorch (.pth/.pt) nor a safetensors file"
                + (head.length < 9 ? " (only " + head.length + " bytes)" : ""));
    }
}
