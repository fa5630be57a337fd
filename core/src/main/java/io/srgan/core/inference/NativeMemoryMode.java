package io.srgan.core.inference;

/**
 * How {@link TiledUpscaler} scopes the native (off-heap) arrays a model allocates during one call.
 *
 * <p>Why this exists: in ND4J 1.0.0-M2.1 (nd4j-native), {@code INDArray.close()} marks an array
 * released but does not free its buffer; the memory comes back only after a garbage collection
 * processes the array's deallocator (measured: 200 create/close cycles of a 12.6 MB array grew RSS
 * by 2.5 GB). A model that allocates fresh arrays on every call therefore makes native memory climb
 * with the number of tiles until a GC happens, whatever the caller closes. An ND4J workspace
 * reuses one learned block for every call instead, but that block holds every array the call makes.
 * The layers' maps now come from {@code UnfilledArrays}, whose close frees at once, so outside a
 * workspace a call holds only its live maps: msrresnet 16x64, tile 192, batch 1 peaked at 669
 * against 2035 MB RSS and ran 10.4 against 11.1 s (bf16 4.8 against 5.9 s); the upscale job of
 * two tasks at batch 4 ran 1.4x (fp32) and 2.0x (bf16) as fast at 2.0–2.4 against 7.6–8.2 GB.
 */
public enum NativeMemoryMode {
    /**
     * Each model call runs inside a thread-local ND4J workspace owned by the upscaler and reset
     * after the call: arrays the model creates there (custom-op outputs included) are reclaimed at
     * once, so native memory stays at one batch's peak. The model must not keep arrays it creates
     * during {@code upscale} beyond the call (create lasting state beforehand, or under
     * {@code Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()}).
     */
    WORKSPACE,

    /**
     * Each model call runs outside any workspace; returned arrays are closed. The layers' own maps
     * are freed when closed, ND4J's arrays at the next garbage collection. The default; models may
     * keep arrays across calls.
     */
    DETACHED
}
