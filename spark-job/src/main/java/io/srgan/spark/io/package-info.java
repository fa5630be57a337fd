/**
 * Storage on any Hadoop file system ({@code file://}, {@code hdfs://}, {@code s3a://}) and the commit
 * protocol that makes files and checkpoints appear whole or not at all.
 *
 * <ul>
 *   <li>{@link io.srgan.spark.io.Storage} opens a file system for a URI with {@link
 *       io.srgan.spark.io.HadoopSettings} ({@code fs.s3a.*} and other Hadoop keys; serializable, so
 *       executors open storage with what the driver was given) and picks the {@link
 *       io.srgan.spark.io.CommitProtocol}: rename on HDFS and local disks, direct writes on object
 *       stores.</li>
 *   <li>{@link io.srgan.spark.io.AtomicFile} writes one file: temporary + rename, or in place where an
 *       object appears at close (a failing writer's upload is aborted, not published).</li>
 *   <li>{@link io.srgan.spark.io.CheckpointStore} keeps a run's checkpoints: {@code ckpt-<step>}
 *       folders completed by {@code MANIFEST.json} (format: {@link io.srgan.spark.io.CheckpointManifest}),
 *       a {@code LATEST} hint, checksum-verified reads and retention.</li>
 * </ul>
 */
package io.srgan.spark.io;
