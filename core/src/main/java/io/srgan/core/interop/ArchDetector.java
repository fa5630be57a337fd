package io.srgan.core.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Tells which of this project's generators a community state dict is (spandrel-style: by its
 * parameter names, then hyper-parameters from its shapes) and maps it.
 */
public final class ArchDetector {
    private static final List<ArchImport> ARCHS = List.of(new RrdbImport(), new MsrResNetImport(), new SrvggImport());

    private ArchDetector() {}

    /** Reads {@code file} ({@link WeightFiles#read}) and detects its architecture. */
    public static ImportedGenerator importFile(Path file) throws IOException {
        return detect(WeightFiles.read(file));
    }

    /** The generator config and tensors in this project's names and layouts, or an {@link UnrecognisedModelException}. */
    public static ImportedGenerator detect(StateDict sd) throws UnrecognisedModelException {
        for (ArchImport a : ARCHS) {
            if (!a.recognises(sd)) continue;
            try {
                return a.map(sd);
            } catch (IllegalArgumentException | ArithmeticException e) { // hyper-parameters GeneratorConfig refuses (a zero width...)
                throw new UnrecognisedModelException(sd.source() + ": " + a.description() + " with unusable hyper-parameters: " + e.getMessage());
            }
        }
        throw new UnrecognisedModelException(sd.source() + ": not a supported architecture: found " + sd.sample(6)
                + "; expected " + ARCHS.stream().map(ArchImport::description).collect(Collectors.joining(" or ")));
    }
}
