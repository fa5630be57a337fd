/**
 * Real servers for tests, started once per test JVM and shared by every test class through JUnit's
 * root store: {@link io.srgan.spark.testing.MiniDfs} (HDFS), {@link io.srgan.spark.testing.S3Proxy}
 * (S3, a separate process) and {@link io.srgan.spark.testing.LocalSpark} (the JVM's one SparkContext).
 * Each is a ParameterResolver: add it with {@code @ExtendWith} and take {@link
 * io.srgan.spark.testing.Hdfs}, {@link io.srgan.spark.testing.S3Bucket} or {@code JavaSparkContext} as
 * a test parameter. {@link io.srgan.spark.testing.AllStorages} runs a parameterised test on the local
 * file system, HDFS and S3. A server that cannot start fails the tests that need it; nothing is skipped.
 */
package io.srgan.spark.testing;
