package io.srgan.spark.upscale;

import io.srgan.spark.io.AtomicFile;
import java.io.Serializable;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.hadoop.fs.Path;

/**
 * Where an input's output goes, and the proof that it stays inside the output folder: the only place
 * that turns a relative output name into a location, on the driver when the job is planned and on
 * the executor right before the output is written.
 *
 * <p>A relative output is accepted only if it names a file strictly below the root, in the root's
 * file system, exactly as given: no absolute path or drive, no empty, {@code .} or {@code ..} segment
 * (also when written with {@code \} as a separator or percent-encoded, as {@code %2e%2e}, since some
 * layers decode or split on them), nothing in the folder the job keeps for itself ({@value #JOB_FOLDER})
 * and no name of a job file or of a temporary (which a later run would delete). The check is lexical
 * (symbolic links are not followed: the file systems here do not resolve them the same way); then
 * the name is resolved by Hadoop and the result must be the root's scheme and authority and the
 * root's path + {@code /} + the name, character for character, so that whatever Hadoop would make
 * of a name (another scheme or authority, a normalised path) cannot take an output elsewhere.
 */
final class OutputPaths implements Serializable {
    /** The folder in the output root where the job keeps its lock and the record of the model. */
    static final String JOB_FOLDER = "_upscale";

    private final String root;
    private final OutputFormat format;

    /** @param root the output folder, a qualified URI ({@code file:/…}, {@code hdfs://…}, {@code s3a://…}) */
    OutputPaths(String root, OutputFormat format) {
        this.root = Objects.requireNonNull(root, "root");
        this.format = Objects.requireNonNull(format, "format");
    }

    /** {@code input} with its output: its relative path renamed for the format, not yet checked (see {@link #refusal}). */
    PlannedImage plan(InputFile input) {
        return new PlannedImage(input, format.outputPath(input.relative()), format.encodingFor(input.relative()));
    }

    /** Why {@code relative} cannot be an output of this folder, or null when it names a file inside it. */
    String refusal(String relative) {
        String lexical = lexicalRefusal(relative);
        if (lexical != null) return "its output path '" + relative + "' " + lexical + ": refused, outputs stay inside " + root;
        Path target;
        try {
            target = target(relative);
        } catch (IllegalArgumentException e) {
            return "its output path '" + relative + "' is not a valid path (" + e.getMessage() + ")";
        }
        if (!inside(target, relative)) {
            return "its output path '" + relative + "' resolves to " + target + ", outside the output folder " + root + ": refused";
        }
        return null;
    }

    /** The location of {@code relative} in the output folder; an output that is not provably inside it is an error. */
    Path resolve(String relative) {
        String refusal = refusal(relative);
        if (refusal != null) throw new IllegalArgumentException(refusal);
        return target(relative);
    }

    /** Hadoop's resolution; the three-part constructor keeps a ':' in the name from being read as a scheme. */
    private Path target(String relative) {
        return new Path(rootPath(), new Path(null, null, relative));
    }

    private Path rootPath() {
        return new Path(root);
    }

    private boolean inside(Path target, String relative) {
        URI r = rootPath().toUri();
        URI t = target.toUri();
        String rootFolder = r.getPath().endsWith("/") ? r.getPath() : r.getPath() + "/";
        return Objects.equals(r.getScheme(), t.getScheme()) && Objects.equals(r.getAuthority(), t.getAuthority())
                && t.getPath().equals(rootFolder + relative);
    }

    private static String lexicalRefusal(String relative) {
        if (relative.isEmpty()) return "is empty";
        if (relative.startsWith("/") || relative.startsWith("\\")) return "is absolute";
        String[] segments = relative.split("[/\\\\]", -1);
        if (segments[0].length() == 2 && segments[0].charAt(1) == ':' && Character.isLetter(segments[0].charAt(0))) {
            return "starts with a drive letter";
        }
        for (String segment : segments) {
            String decoded = percentDecoded(segment);
            if (decoded.isEmpty()) return "has an empty segment";
            if (decoded.equals(".") || decoded.equals("..")) {
                return "has a '" + segment + "' segment" + (segment.equals(decoded) ? "" : " (" + decoded + ")");
            }
            if (AtomicFile.isTemporary(decoded)) return "has a segment named like the job's temporaries ('" + segment + "')";
        }
        if (isJobFile(relative)) return "names a file the job keeps for itself";
        return null;
    }

    /** Whether {@code relative} is one of the job's own files in the output folder (reports, lock, model record), not an output. */
    static boolean isJobFile(String relative) {
        return relative.equals(UpscaleJob.ERRORS) || relative.equals(UpscaleJob.SUMMARY) || relative.equals(JOB_FOLDER)
                || relative.startsWith(JOB_FOLDER + "/") || relative.startsWith(JOB_FOLDER + "\\");
    }

    /** {@code segment} with %xx escapes decoded until none is left (double encoding included); as given if malformed. */
    private static String percentDecoded(String segment) {
        String current = segment;
        for (int i = 0; i < 4 && current.indexOf('%') >= 0; i++) {
            String next;
            try {
                next = URLDecoder.decode(current.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return current;
            }
            if (next.equals(current)) return current;
            current = next;
        }
        return current;
    }
}
