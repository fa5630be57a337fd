/**
 * Community super-resolution weights (BasicSR, Real-ESRGAN, ESRGAN, BSRGAN, RealSR state dicts)
 * read without Python and mapped onto this project's generators.
 *
 * <p>Entry points: {@link io.srgan.core.interop.ArchDetector#importFile} (file → generator config
 * and tensors in this project's names and layouts, then {@link io.srgan.core.interop.ImportedGenerator#build()}),
 * or in two steps {@link io.srgan.core.interop.WeightFiles#read} (file → {@link io.srgan.core.interop.StateDict}
 * in PyTorch's names and layouts) and {@link io.srgan.core.interop.ArchDetector#detect}.
 * Malformed, truncated, oversized or unsafe files raise {@link io.srgan.core.interop.WeightFileException};
 * readable dicts of an unknown or inconsistent architecture raise
 * {@link io.srgan.core.interop.UnrecognisedModelException}. Both are IOExceptions whose messages name the file.
 *
 * <p>The way back: {@link io.srgan.core.interop.StateDictExport#of} (generator → BasicSR state dict),
 * written by {@link io.srgan.core.interop.TorchZipWriter} (torch.save's zip format, wrapped as
 * BasicSR/Real-ESRGAN release weights) or {@link io.srgan.core.interop.SafetensorsWriter}; and
 * {@link io.srgan.core.interop.OnnxExport} (any generator → an ONNX model, opset 17, dynamic sizes).
 *
 * <p>Pickles are read by a restricted unpickler that maps a fixed list of globals to data and
 * refuses every other one: loading a file never runs or instantiates anything named in it.
 */
package io.srgan.core.interop;
