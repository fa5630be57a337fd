package io.srgan.core.interop;

/** One community architecture this project can build: recognises its state dicts and maps them. */
interface ArchImport {
    /** What it imports and the keys that identify it, for messages. */
    String description();

    /** Whether the dict's names say it is this architecture (its shapes are checked by {@link #map}). */
    boolean recognises(StateDict sd);

    /** The config and tensors in this project's names and layouts; refuses an inconsistent dict. */
    ImportedGenerator map(StateDict sd) throws UnrecognisedModelException;

    /** How many {@code prefix<i>suffix} names exist for i = 0, 1, … without a gap. */
    static int countIndexed(StateDict sd, String prefix, String suffix) {
        int n = 0;
        while (sd.has(prefix + n + suffix)) n++;
        return n;
    }
}
