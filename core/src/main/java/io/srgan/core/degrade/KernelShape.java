package io.srgan.core.degrade;

/** Real-ESRGAN's {@code kernel_list} entries, in its order (BasicSR's {@code random_mixed_kernels}). */
public enum KernelShape {
    ISO,
    ANISO,
    GENERALIZED_ISO,
    GENERALIZED_ANISO,
    PLATEAU_ISO,
    PLATEAU_ANISO;

    boolean isotropic() {
        return this == ISO || this == GENERALIZED_ISO || this == PLATEAU_ISO;
    }
}
