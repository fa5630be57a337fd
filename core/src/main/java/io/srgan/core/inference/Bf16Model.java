package io.srgan.core.inference;

import io.srgan.core.nn.Bf16Scope;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model run with its convolutions in bf16 ({@code --precision bf16}): every call inside a
 * {@link Bf16Scope}. Where bf16 cannot run at speed (a CPU without AVX512_BF16, or oneDNN's natives
 * missing) {@link #of} gives the fp32 model back with one warning per JVM, never a failure: a
 * cluster's executors need not all be the same CPU.
 */
public final class Bf16Model implements SrModel {
    private static final Logger LOG = LoggerFactory.getLogger(Bf16Model.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final SrModel fp32;

    private Bf16Model(SrModel fp32) {
        this.fp32 = fp32;
    }

    /** {@code fp32} with bf16 convolutions, or {@code fp32} itself where bf16 is unavailable here. */
    public static SrModel of(SrModel fp32) {
        return of(fp32, Bf16Scope.unavailable());
    }

    /** As {@link #of(SrModel)}, given why bf16 is unavailable (null: available). */
    static SrModel of(SrModel fp32, String unavailable) {
        return available(unavailable) ? new Bf16Model(fp32) : fp32;
    }

    /**
     * Whether bf16 runs here; if not, says so once per JVM. A job's driver asks first, so that a
     * machine without bf16 runs, and records, fp32 throughout.
     */
    public static boolean available() {
        return available(Bf16Scope.unavailable());
    }

    private static boolean available(String unavailable) {
        if (unavailable == null) return true;
        if (WARNED.compareAndSet(false, true)) LOG.warn("--precision bf16: running fp32 instead, {}", unavailable);
        return false;
    }

    @Override public int scale() { return fp32.scale(); }
    @Override public int receptiveFieldRadius() { return fp32.receptiveFieldRadius(); }
    @Override public int inputAlignment() { return fp32.inputAlignment(); }

    @Override
    public INDArray upscale(INDArray lrBatch) {
        try (Bf16Scope scope = Bf16Scope.open()) {
            return fp32.upscale(lrBatch);
        }
    }
}
