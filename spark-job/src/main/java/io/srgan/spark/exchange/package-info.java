/**
 * The averaging exchange of a training round, sharded so that it scales with the number of
 * partitions: each partition cuts the tensors it trained into fixed slices of one flat vector
 * ({@link io.srgan.spark.exchange.SliceLayout}) and sends them as float32 through a Spark shuffle;
 * one reduce task per slice group sums them, weighted, in double ({@link io.srgan.spark.exchange.SliceSum})
 * and sends the mean slice, float32 again, to the driver, which pastes it into the next state
 * ({@link io.srgan.spark.exchange.ShardedAverage}). No JVM holds more than its share of double sums;
 * the driver receives one float32 copy of the trained tensors whatever the number of partitions.
 */
package io.srgan.spark.exchange;
