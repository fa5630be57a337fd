package io.srgan.spark.testing;

import io.srgan.spark.io.HadoopSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;

/**
 * Runs a parameterised test on the local file system, on HDFS ({@link MiniDfs}) and on S3
 * ({@link S3Proxy}): {@code @ParameterizedTest(name = "{0}") @ArgumentsSource(AllStorages.class)}.
 */
public final class AllStorages implements ArgumentsProvider {
    @Override
    public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
        return Stream.of(
                new TestStorage("local", () -> {
                    try {
                        return new TestStorage.Location(BuildDirs.newFolder("local-store", "run-").toUri(), HadoopSettings.empty());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }),
                new TestStorage("hdfs", () -> {
                    Hdfs hdfs = MiniDfs.hdfs(context);
                    return new TestStorage.Location(hdfs.uri("/srgan-test/"), hdfs.settings());
                }),
                new TestStorage("s3", () -> {
                    S3Bucket bucket = S3Proxy.bucket(context);
                    return new TestStorage.Location(bucket.uri("tests/"), bucket.settings());
                }))
                .map(Arguments::of);
    }
}
