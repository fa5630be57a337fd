package io.srgan.core.nn;

/**
 * While open on a thread, the FLOAT convolutions this thread runs through {@link NativeOps#conv2d}
 * multiply in bf16 (inputs and weights rounded to bf16, products summed in fp32, outputs FLOAT:
 * {@link DnnlConv}); every other layer is unchanged. For inference ({@code --precision bf16}): open it
 * around a model call, not around a training step (a transposed convolution's input gradient goes
 * through conv2d too). Scopes nest; a scope is closed by the thread that opened it.
 */
public final class Bf16Scope implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final Thread owner = Thread.currentThread();
    private boolean open = true;

    private Bf16Scope() {
        DEPTH.get()[0]++;
    }

    /** Opens a scope; fails, saying why, where bf16 convolutions cannot run at speed (check {@link #unavailable()} first). */
    public static Bf16Scope open() {
        String why = unavailable();
        if (why != null) throw new IllegalStateException("bf16 inference is not available: " + why);
        return new Bf16Scope();
    }

    /** Null when bf16 convolutions run here (oneDNN's natives load, the CPU has AVX512_BF16), else why not. */
    public static String unavailable() { return DnnlConv.bf16Unavailable(); }

    static boolean active() { return DEPTH.get()[0] > 0; }

    /** Closing the outermost scope frees the thread's bf16 input buffer (the largest convolution input, in bf16). */
    @Override
    public void close() {
        if (!open) return;
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a bf16 scope opened on " + owner.getName() + " closed on " + Thread.currentThread().getName());
        }
        open = false;
        if (--DEPTH.get()[0] == 0) DnnlConv.releaseInput();
    }
}
