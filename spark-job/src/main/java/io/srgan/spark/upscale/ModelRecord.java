package io.srgan.spark.upscale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.srgan.core.inference.Precision;
import io.srgan.spark.io.AtomicFile;
import io.srgan.spark.io.Storage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.hadoop.fs.Path;

/**
 * The model and the settings that made the outputs of an output folder, kept in {@value #FILE} there
 * so that a later job with another model or other settings does not mix its outputs with these.
 * Its identity is everything that changes an output's pixels or name: the generator's architecture,
 * its weights (EMA or raw, SHA-256), the precision (fp32, bf16 or int8), the format and the JPEG quality where outputs can be JPEG, and
 * tile and overlap only when tiling is not exact (overlap below the receptive field; with an exact
 * overlap the tile does not change the output). Where the checkpoint was read from, the batch and
 * the memory settings are not part of it.
 *
 * @param weights       "ema" or "raw"
 * @param weightsSha256 {@link ModelWeights#digest()}
 * @param precision     fp32, bf16 or int8 (a record written before int8 existed reads as fp32). An int8 model's
 *                      calibration is not part of it: the same inputs give the same calibration crops
 * @param format        {@code --format}: png, jpeg or same
 * @param jpegQuality   null when no output is JPEG ({@code --format png})
 * @param tile          null when tiling is exact
 * @param overlap       null when tiling is exact
 * @param source        where the checkpoint was read (for people; not part of the identity)
 * @param overwriting   true from the start of a run with {@code --overwrite} until it has gone through
 *                      every input: outputs of the earlier model may remain meanwhile, so a rerun after
 *                      a kill redoes every output too
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record ModelRecord(String arch, int blocks, int channels, int scale, String upsampler, int growth, String weights, String weightsSha256,
                   String precision, String format, Float jpegQuality, Integer tile, Integer overlap, String source, boolean overwriting) {
    static final String FILE = OutputPaths.JOB_FOLDER + "/model.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    ModelRecord {
        if (precision == null) precision = Precision.FP32.label();
    }

    static ModelRecord of(ModelWeights model, UpscaleSettings settings) {
        int radius = model.receptiveFieldRadius();
        boolean exact = settings.tiling(radius).overlap() >= radius;
        return new ModelRecord(model.arch(), model.blocks(), model.channels(), model.scale(), model.upsampler(),
                model.growth(), model.ema() ? "ema" : "raw", model.digest(), settings.precision().label(), settings.format().name().toLowerCase(Locale.ROOT),
                settings.format() == OutputFormat.PNG ? null : settings.jpegQuality(), exact ? null : settings.tileSize(),
                exact ? null : settings.tiling(radius).overlap(), model.source(), false);
    }

    ModelRecord withOverwriting(boolean value) {
        return new ModelRecord(arch, blocks, channels, scale, upsampler, growth, weights, weightsSha256, precision, format, jpegQuality, tile,
                overlap, source, value);
    }

    /** What differs in the identity, one "name: this → other" each; empty when the outputs would be the same. */
    List<String> differences(ModelRecord other) {
        List<String> out = new ArrayList<>();
        compare(out, "arch", arch, other.arch);
        compare(out, "blocks", blocks, other.blocks);
        compare(out, "channels", channels, other.channels);
        compare(out, "scale", scale, other.scale);
        compare(out, "growth", growth, other.growth);
        compare(out, "upsampler", upsampler, other.upsampler);
        compare(out, "weights", weights, other.weights);
        compare(out, "weights_sha256", weightsSha256, other.weightsSha256);
        compare(out, "precision", precision, other.precision);
        compare(out, "format", format, other.format);
        compare(out, "jpeg_quality", jpegQuality, other.jpegQuality);
        compare(out, "tile", tile, other.tile);
        compare(out, "overlap", overlap, other.overlap);
        return out;
    }

    private static void compare(List<String> out, String name, Object a, Object b) {
        if (!Objects.equals(a, b)) out.add(name + ": " + (a == null ? "(exact tiling / none)" : a) + " → " + (b == null ? "(exact tiling / none)" : b));
    }

    /**
     * The record of the folder at {@code output}'s root: empty if there is none; an unreadable one is
     * an {@link IOException} naming it.
     */
    static Optional<ModelRecord> read(Storage output) throws IOException {
        Path path = output.resolve(FILE);
        try (InputStream in = output.fileSystem().open(path)) {
            return Optional.of(JSON.readValue(in.readNBytes(1 << 20), ModelRecord.class));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (JacksonException e) {
            throw new IOException(path + " is not a record of the model that made the folder's outputs (" + e.getOriginalMessage()
                    + "): move it away and run with --overwrite", e);
        }
    }

    void write(Storage output) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(this);
        AtomicFile.write(output, output.resolve(FILE), out -> out.write(bytes));
    }

    /** "msrresnet 16x64 ×4, EMA weights sha256 1a2b3c4d…, fp32, --format png". */
    String describe() {
        return arch + " " + blocks + "x" + channels + " ×" + scale + ", " + weights + " weights sha256 " + weightsSha256.substring(0, 12)
                + "…, " + precision + ", --format " + format + (tile == null ? "" : ", --tile " + tile + " --overlap " + overlap) + " (from " + source + ")";
    }
}
