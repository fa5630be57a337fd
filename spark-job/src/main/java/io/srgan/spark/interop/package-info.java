/**
 * Community weights in and out of this project's checkpoints: {@link io.srgan.spark.interop.WeightImport}
 * ({@code srgan import}: a .pth/.safetensors file → a run folder with one checkpoint) and
 * {@link io.srgan.spark.interop.WeightExport} ({@code srgan export}: a checkpoint → a BasicSR state dict or an ONNX model),
 * on any Hadoop file system. The formats and mappings are {@link io.srgan.core.interop}'s.
 */
package io.srgan.spark.interop;
