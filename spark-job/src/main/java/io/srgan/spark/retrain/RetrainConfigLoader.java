package io.srgan.spark.retrain;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.srgan.spark.config.ConfigException;
import io.srgan.spark.config.JobConfig;
import io.srgan.spark.models.LeaseSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a retrain config: {@code srgan.retrain.*} plus the fine-tune recipe (every other
 * {@code srgan.*} key), both through {@link io.srgan.spark.config.JobConfigLoader}'s rules (defaults
 * from reference.conf, unknown keys are errors, {@code --set} overrides), and checks them before a
 * run touches any storage.
 */
public final class RetrainConfigLoader {
    private RetrainConfigLoader() {
    }

    public static RetrainConfig load(Path file, List<String> overrides) {
        RecipeSource recipe = new RecipeSource(file, overrides);
        JobConfig job = recipe.loadForChecks(); // validates every key, the recipe's included
        Config c = ConfigFactory.parseString(job.rendered()).getConfig("srgan.retrain");
        try {
            return new RetrainConfig(uri(c, "store", true), uri(c, "incoming", true), c.getBoolean("include-today"),
                    uri(c, "base-images", false), nonNegative(c, "replay-images"), uri(c, "validation-hr", true),
                    c.getBoolean("reset-optimizer"), nonNegative(c, "keep-rejected"),
                    new PromotionPolicy(c.getString("promote.policy"), c.getDouble("promote.margin")),
                    lease(c.getConfig("lease")),
                    job.train().seed(), job.hadoop(), recipe);
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException(where(file) + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where(file) + "srgan.retrain: " + e.getMessage(), e);
        }
    }

    /** The lease settings of reference.conf, for commands run without a retrain config. */
    public static LeaseSettings referenceLease() {
        return lease(ConfigFactory.defaultReference().getConfig("srgan.retrain.lease"));
    }

    private static LeaseSettings lease(Config c) {
        return new LeaseSettings(c.getDuration("ttl"), c.getDuration("settle"));
    }

    private static URI uri(Config c, String key, boolean required) {
        if (c.getIsNull(key)) {
            if (required) {
                throw new ConfigException("srgan.retrain." + key + " is required (a URI: hdfs://..., s3a://..., or a local path)");
            }
            return null;
        }
        String value = c.getString(key);
        try {
            URI uri = new URI(value);
            return uri.getScheme() == null ? Path.of(value).toAbsolutePath().toUri() : uri;
        } catch (URISyntaxException e) {
            throw new ConfigException("srgan.retrain." + key + " = '" + value + "' is not a URI: " + e.getMessage());
        }
    }

    private static int nonNegative(Config c, String key) {
        int v = c.getInt(key);
        if (v < 0) {
            throw new ConfigException("srgan.retrain." + key + " must be >= 0, got " + v);
        }
        return v;
    }

    private static String where(Path file) {
        return file == null ? "" : file + ": ";
    }
}
