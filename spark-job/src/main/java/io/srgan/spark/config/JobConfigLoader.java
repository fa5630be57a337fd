package io.srgan.spark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.BadValue;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.srgan.core.arch.DiscriminatorConfig;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.features.Preprocessing;
import io.srgan.core.loss.AdversarialLoss;
import io.srgan.core.loss.PixelLoss;
import io.srgan.core.train.AdamConfig;
import io.srgan.core.train.LossConfig;
import io.srgan.core.train.PerceptualConfig;
import io.srgan.core.train.ScheduleConfig;
import io.srgan.core.train.TrainConfig;
import io.srgan.spark.io.Secrets;
import io.srgan.spark.run.CheckpointChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads a run configuration: the file (HOCON), then {@code --set key=value} overrides (keys with or
 * without the {@code srgan.} prefix), over {@code reference.conf}'s defaults. Unknown keys and
 * values of the wrong type are errors that name the key; values are validated by the core records,
 * and settings taking one of a set of names by the enum or registry that uses them (its list is the
 * only one), the error naming the key.
 */
public final class JobConfigLoader {
    private static final String ROOT = "srgan";

    private JobConfigLoader() {}

    public static JobConfig load(Path file, List<String> overrides) {
        if (file != null && !Files.isRegularFile(file)) throw new ConfigException(file + ": no such config file");
        try {
            Config user = file == null ? ConfigFactory.empty()
                    : ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            for (String o : overrides) user = parseOverride(o).withFallback(user);
            Config reference = ConfigFactory.defaultReference().getConfig(ROOT);
            rejectKeysOutsideRoot(user, reference, file);
            Config userRoot = user.hasPath(ROOT) ? user.getConfig(ROOT) : ConfigFactory.empty();
            rejectUnknownKeys(userRoot, reference);
            Config c = userRoot.withFallback(reference).resolve();
            rejectSecrets(c);
            return build(c);
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException((file == null ? "config" : file.toString()) + ": " + e.getMessage(), e);
        }
    }

    /** Rebuilds a configuration from its {@link JobConfig#rendered()} form (on executors). */
    public static JobConfig fromRendered(String json) {
        return build(ConfigFactory.parseString(json).getConfig(ROOT));
    }

    /**
     * A run's degradation from its {@code srgan.degradation} block as config.json renders it (JSON);
     * keys the block lacks (a run of an older version) take reference.conf's defaults. Null when the
     * block does not enable it.
     *
     * @throws ConfigException when the block is not valid
     */
    public static io.srgan.core.degrade.DegradationSettings degradation(String blockJson, int scale) {
        try {
            Config block = ConfigFactory.parseString(blockJson);
            Config c = ConfigFactory.empty().withValue("degradation", block.root())
                    .withFallback(ConfigFactory.defaultReference().getConfig(ROOT)).resolve();
            return DegradationConfig.read(c, scale);
        } catch (com.typesafe.config.ConfigException | IllegalArgumentException e) {
            throw new ConfigException("srgan.degradation: " + e.getMessage(), e);
        }
    }

    private static Config parseOverride(String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) throw new ConfigException("--set expects key=value, got '" + override + "'");
        String key = override.substring(0, eq).trim();
        String value = override.substring(eq + 1).trim();
        if (!key.startsWith(ROOT + ".")) key = ROOT + "." + key;
        try {
            return ConfigFactory.parseString(key + " = " + value);
        } catch (com.typesafe.config.ConfigException e) {
            // a bare string with characters HOCON would not take unquoted
            return ConfigFactory.parseString(key + " = " + com.typesafe.config.ConfigUtil.quoteString(value));
        }
    }

    /** Every setting lives under {@code srgan { }}: anything beside it (a typo such as {@code srgam}) would be ignored. */
    private static void rejectKeysOutsideRoot(Config user, Config reference, Path file) {
        TreeSet<String> outside = new TreeSet<>(user.root().keySet());
        outside.remove(ROOT);
        if (outside.isEmpty()) return;
        List<String> hints = new ArrayList<>();
        for (String key : outside) {
            if (reference.hasPathOrNull(com.typesafe.config.ConfigUtil.joinPath(key))) {
                hints.add("'" + key + "' belongs under srgan (" + ROOT + "." + key + ")");
            }
        }
        throw new ConfigException((file == null ? "config" : file.toString()) + ": unknown top-level key(s) " + outside
                + "; every setting goes under " + ROOT + " { }" + (hints.isEmpty() ? "" : ": " + String.join(", ", hints)));
    }

    /** Settings are copied into config.json and every checkpoint: none may hold a credential (see {@link Secrets}). */
    private static void rejectSecrets(Config c) {
        Map<String, String> values = new java.util.TreeMap<>();
        c.entrySet().forEach(e -> values.put(ROOT + "." + e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped())));
        Secrets.refuse(values, "setting");
    }

    private static void rejectUnknownKeys(Config user, Config reference) {
        if (user.hasPathOrNull("cluster.tree-depth")) {
            throw new ConfigException("srgan.cluster.tree-depth was removed: rounds no longer sum whole states up a tree into the"
                    + " driver but average them in slices across the executors (srgan.cluster.reducers, slice-mb); delete the setting");
        }
        TreeSet<String> unknown = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
            if (e.getKey().startsWith("hadoop.")) continue; // free-form Hadoop client settings
            if (!reference.hasPathOrNull(e.getKey())) unknown.add(ROOT + "." + e.getKey());
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown setting(s) " + unknown + "; the settings and their defaults are in reference.conf");
        }
    }

    private static JobConfig build(Config c) {
        int scale = c.getInt("scale");
        long steps = positive(c, "train.steps");
        GeneratorConfig g = new GeneratorConfig(c.getString("generator.arch"), c.getInt("generator.blocks"),
                c.getInt("generator.channels"), scale, c.getString("generator.upsampler"), c.getInt("generator.growth"));
        DiscriminatorConfig d = new DiscriminatorConfig(c.getInt("discriminator.width"), c.getString("discriminator.norm"),
                c.getString("discriminator.arch"));
        int lrPatch = (int) positive(c, "train.lr-patch");
        if (c.getLong("train.psnr-steps") < steps) { // a run with a GAN phase: a fixed-size discriminator refuses other HR patches here, before Spark starts
            d.checkPatch(lrPatch, scale);
        }
        LossConfig loss = new LossConfig(named(c, "loss.pixel", PixelLoss::byName), c.getDouble("loss.pixel-weight"),
                named(c, "loss.adversarial", AdversarialLoss::byName), c.getDouble("loss.adversarial-weight"),
                c.getDouble("loss.feature-matching-weight"), c.getIntList("loss.feature-blocks").stream().mapToInt(i -> i).toArray(),
                perceptual(c), DegradationConfig.sharpenedTargets(c));
        AdamConfig adamG = adam(c, "optimizer.generator");
        AdamConfig adamD = adam(c, "optimizer.discriminator");
        Config s = c.getConfig("optimizer.schedule");
        ScheduleConfig schedule = new ScheduleConfig(named(c, "optimizer.schedule.kind", ScheduleConfig::requireKind), steps, s.getDouble("min-lr") / adamG.lr(),
                s.getLongList("milestones").stream().mapToLong(l -> l).toArray(), s.getDouble("gamma"), nonNegative(c, "optimizer.schedule.warmup-steps"),
                nonNegative(c, "optimizer.schedule.gan-warmup-steps"));
        TrainConfig train = new TrainConfig(g, d, loss, adamG, adamD, schedule, c.getLong("train.psnr-steps"),
                c.getDouble("ema-decay"), c.getLong("seed"));
        String hr = optional(c, "train.hr");
        String manifest = optional(c, "train.manifest");
        if (hr == null && manifest == null) {
            throw new BadValue("srgan.train.hr", "is required (a folder of HR training images) unless srgan.train.manifest is set");
        }
        if (hr != null && manifest != null) throw new BadValue("srgan.train.manifest", "and srgan.train.hr exclude each other");
        int localSteps = (int) positive(c, "cluster.local-steps");
        long checkpointEvery = positive(c, "checkpoint.every");
        if (checkpointEvery % localSteps != 0) {
            throw new BadValue("srgan.checkpoint.every", "(" + checkpointEvery + ") must be a multiple of srgan.cluster.local-steps ("
                    + localSteps + "): checkpoints are taken between rounds");
        }
        int partitions = c.getInt("cluster.partitions");
        if (partitions < 0) throw new BadValue("srgan.cluster.partitions", "must be >= 0, got " + partitions);
        String policy = named(c, "cluster.optimizer-state", OptimizerPolicy::parse);
        String lrScaling = named(c, "cluster.lr-scaling", LrScaling::parse);
        int reducers = (int) nonNegative(c, "cluster.reducers");
        int reshuffleEvery = (int) nonNegative(c, "cluster.reshuffle-every");
        long sliceBytes = c.getBytes("cluster.slice-size");
        if (sliceBytes < Float.BYTES) throw new BadValue("srgan.cluster.slice-size", "must be at least 4 bytes (one float), got " + sliceBytes);
        JobConfig.ClusterSettings cluster = new JobConfig.ClusterSettings(partitions, localSteps, policy, reducers, sliceBytes,
                reshuffleEvery, lrScaling);
        String onDivergence = named(c, "train.on-divergence", DivergenceAction::parse);
        JobConfig.Divergence divergence = new JobConfig.Divergence(onDivergence, (int) positive(c, "train.divergence-limit"));
        int align = g.inputAlignment();
        if (lrPatch % align != 0) {
            throw new BadValue("srgan.train.lr-patch", "(" + lrPatch + ") must be a multiple of " + align + ": " + g.size() + " x" + scale
                    + " reads its input in " + align + "x" + align + " groups (pixel-unshuffle)");
        }
        io.srgan.core.degrade.DegradationSettings degradation = degradation(c, scale, optional(c, "train.lr"));
        if (scale == 1 && degradation == null && optional(c, "train.lr") == null && manifest == null) {
            throw new BadValue("srgan.scale", "1 needs srgan.degradation.enabled = true or LR images (srgan.train.lr or a manifest):"
                    + " bicubic downscaling by 1 is the identity, so there would be nothing to learn");
        }
        java.util.Map<String, String> hadoop = new java.util.TreeMap<>();
        c.getConfig("hadoop").entrySet().forEach(e -> hadoop.put(e.getKey().replace("\"", ""), e.getValue().unwrapped().toString()));
        return new JobConfig(train, c.getString("output"), hr, optional(c, "train.lr"), manifest,
                steps, (int) positive(c, "train.batch"), lrPatch, c.getBoolean("train.augment"),
                optional(c, "validation.hr"), positive(c, "validation.every"), validationPrecision(c),
                checkpointEvery, (int) positive(c, "checkpoint.keep-last"), c.getBoolean("checkpoint.auto-resume"), cluster, divergence,
                io.srgan.spark.io.HadoopSettings.of(hadoop), positive(c, "log-every"), initFrom(c),
                degradation,
                ConfigFactory.empty().withValue(ROOT, c.root()).root().render(ConfigRenderOptions.concise().setJson(true)));
    }

    /** fp32 or bf16; int8 calibrates on the images it runs, which validation must not do to the images it scores. */
    private static io.srgan.core.inference.Precision validationPrecision(Config c) {
        String v = c.getString("validation.precision");
        io.srgan.core.inference.Precision p;
        try {
            p = io.srgan.core.inference.Precision.parse(v);
        } catch (IllegalArgumentException e) {
            throw new BadValue("srgan.validation.precision", "must be fp32 or bf16, got \"" + v + "\"");
        }
        if (p == io.srgan.core.inference.Precision.INT8) {
            throw new BadValue("srgan.validation.precision", "int8 is not for validation (it is calibrated on the images it runs): use fp32 or bf16,"
                    + " and `srgan evaluate --precision int8` to see what int8 costs");
        }
        return p;
    }

    private static io.srgan.core.degrade.DegradationSettings degradation(Config c, int scale, String trainLr) {
        io.srgan.core.degrade.DegradationSettings d = DegradationConfig.read(c, scale);
        if (d != null && trainLr != null) {
            throw new BadValue("srgan.train.lr", "must be null with srgan.degradation.enabled: the degradations make each LR patch from its HR patch");
        }
        return d;
    }

    private static JobConfig.InitFrom initFrom(Config c) {
        String choice = named(c, "train.init-checkpoint", CheckpointChoice::parse);
        String source = optional(c, "train.init-from");
        boolean discriminator = c.getBoolean("train.init-discriminator");
        if (source == null && discriminator) throw new BadValue("srgan.train.init-discriminator", "needs srgan.train.init-from");
        return source == null ? null : new JobConfig.InitFrom(source, choice, discriminator);
    }

    private static String optional(Config c, String key) {
        return c.getIsNull(key) ? null : c.getString(key);
    }

    private static PerceptualConfig perceptual(Config c) {
        Config p = c.getConfig("loss.perceptual");
        List<String> layers = p.getValue("layer").valueType() == ConfigValueType.LIST ? p.getStringList("layer") : List.of(p.getString("layer"));
        return new PerceptualConfig(p.getDouble("weight"), p.getIsNull("model") ? null : Path.of(p.getString("model")), layers,
                p.getDoubleList("layer-weights").stream().mapToDouble(d -> d).toArray(), p.getBoolean("before-activation"),
                named(c, "loss.perceptual.criterion", PixelLoss::byName), named(c, "loss.perceptual.preprocessing", Preprocessing::byName));
    }

    /**
     * A setting that takes one of a set of names, checked by {@code parser}: the enum or registry that
     * gives the names their meaning, and holds the only list of them. The value as written, or an
     * error naming the key and the parser's message (the allowed names).
     */
    private static String named(Config c, String key, Function<String, ?> parser) {
        String value = c.getString(key);
        try {
            parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new BadValue(ROOT + "." + key, e.getMessage(), e);
        }
        return value;
    }

    private static AdamConfig adam(Config c, String path) {
        return AdamConfig.of(c.getDouble(path + ".lr"), c.getDouble(path + ".beta1"), c.getDouble(path + ".beta2"));
    }

    private static long nonNegative(Config c, String key) {
        long v = c.getLong(key);
        if (v < 0) throw new BadValue("srgan." + key, "must be >= 0, got " + v);
        return v;
    }

    private static long positive(Config c, String key) {
        long v = c.getLong(key);
        if (v <= 0) throw new BadValue("srgan." + key, "must be > 0, got " + v);
        return v;
    }
}
