package io.srgan.spark.cli;

import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.models.LeaseOwner;
import io.srgan.spark.models.LeaseSettings;
import io.srgan.spark.models.ModelStore;
import io.srgan.spark.models.StoreLease;
import io.srgan.spark.retrain.RetrainConfig;
import io.srgan.spark.retrain.RetrainConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Which model store a {@code models} command works on: {@code --store URI}, or the store of a retrain config. */
final class StoreOptions {
    @ArgGroup(multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--store", description = "model store URI (hdfs://..., s3a://..., or a local folder)") String store;
        @Option(names = "--config", description = "a retrain config; its srgan.retrain.store is used") Path config;
    }

    ModelStore open() throws IOException {
        return ModelStore.open(uri(), hadoop());
    }

    HadoopSettings hadoop() {
        return source.config != null ? HadoopProperties.of(retrainConfig()) : HadoopProperties.fromSystemProperties();
    }

    /** The store's lease for {@code command}; another holder makes it fail with a message naming it. */
    StoreLease lock(ModelStore store, String command) throws Exception {
        return store.lock(LeaseOwner.thisProcess(command), leaseSettings(), Clock.systemUTC());
    }

    private URI uri() {
        if (source.config != null) {
            return retrainConfig().store();
        }
        URI uri = URI.create(source.store);
        return uri.getScheme() == null ? Path.of(source.store).toAbsolutePath().toUri() : uri;
    }

    LeaseSettings leaseSettings() {
        return source.config != null ? retrainConfig().lease() : RetrainConfigLoader.referenceLease();
    }

    private RetrainConfig retrainConfig() {
        return RetrainConfigLoader.load(source.config, List.of());
    }
}
