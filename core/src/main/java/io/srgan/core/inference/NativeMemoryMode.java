package io.srgan.core.inference;

/**
 * How {@link TiledUpscaler} scopes the native (off-heap) arrays a model allocates during one call.
 *
 * <p>Why this exists: in ND4J 1.0.0-M2.1 (nd4j-native), {@code INDArray.close()} marks an array
 * released but does not free its buffer; the memory comes back only after a garbage collection
 * processes the array's deallocator (measured: 200 create/close cycles of a 12.6 MB array grew RSS
 * by 2.5 GB). A model that allocates fresh arrays on every call therefore makes native memory climb
 * with the number of tiles until a GC happens, whatever the caller closes. An ND4J workspace
 * reuses one learned block for every call instead.
 */
public enum NativeMemoryMode {
    /**
     * Each model call runs inside a thread-local ND4J workspace owned by the upscaler and reset
     * after the call: arrays the model creates there (custom-op outputs included) are reclaimed at
     * once, so native memory stays at one batch's peak. The model must not keep arrays it creates
     * during {@code upscale} beyond the call (create lasting state beforehand, or under
     * {@code Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()}). The default.
     */
    WORKSPACE,

    /**
     * Each model call runs outside any workspace; returned arrays are closed, and freed by ND4J at
     * the next garbage collection. For models that keep arrays across calls.
     */
    DETACHED
}
