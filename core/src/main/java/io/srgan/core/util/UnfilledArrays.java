package io.srgan.core.util;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.nd4j.common.util.ArrayUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.pointers.PagedPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.cpu.nativecpu.buffer.FloatBuffer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * New arrays that the caller overwrites whole (layer outputs and gradients): the same as
 * {@code Nd4j.createUninitialized}, but outside a workspace their FLOAT memory comes from
 * {@code malloc} and nobody fills it.
 *
 * <p>Why: libnd4j 1.0.0-M2.1 zero-fills every buffer it allocates, "uninitialized" or not. In a GAN
 * step (which runs outside workspaces, see {@code StepMemory}) that was ~18 % of the main thread's
 * native samples for Real-ESRGAN's pair (JFR), and a 37.7 MB array cost 5.4 ms to allocate and close
 * against 1.5 ms for malloc, a memset of the same bytes and free (the launchers' malloc settings).
 *
 * <p>The memory is freed when the array's buffer is closed ({@code INDArray.close()} of the array,
 * not of a view) or, if it never is, when the buffer is collected: the lifetime of ND4J's own
 * arrays. Inside a workspace (PSNR steps; inference in {@code NativeMemoryMode.WORKSPACE}) and for
 * other types this is ND4J's own allocation. {@code -Dsrgan.unfilled-arrays=false} turns it off, for
 * comparisons;
 * {@code -Dsrgan.unfilled-arrays.poison=true} (the tests) fills the memory with NaN, so that code
 * which reads an element before writing it fails loudly instead of reading whatever was there.
 */
public final class UnfilledArrays {
    private static final boolean ENABLED = !"false".equals(System.getProperty("srgan.unfilled-arrays"));
    private static final boolean POISON = Boolean.getBoolean("srgan.unfilled-arrays.poison");
    private static final Cleaner CLEANER = Cleaner.create();
    private static final long ALIGNMENT = 64; // a cache line: AVX-512 loads never split
    private static final AtomicLong LIVE_BYTES = new AtomicLong();
    private static final AtomicLong ALLOCATIONS = new AtomicLong();

    private UnfilledArrays() {}

    /** A C-order array of this shape whose contents are undefined: write every element before reading. */
    public static INDArray create(DataType type, long... shape) {
        long length = ArrayUtil.prodLong(shape);
        if (!ENABLED || type != DataType.FLOAT || length == 0 || Nd4j.getMemoryManager().getCurrentWorkspace() != null) {
            return Nd4j.createUninitialized(type, shape);
        }
        return Nd4j.create(MallocFloats.of(length), shape, Nd4j.getStrides(shape, 'c'), 0, 'c');
    }

    /** Whether this array's memory came from here (for tests). */
    public static boolean isUnfilled(INDArray x) {
        return x.data() instanceof MallocFloats;
    }

    /** How many arrays were allocated here so far, on every thread. */
    public static long allocations() {
        return ALLOCATIONS.get();
    }

    /** The bytes allocated here and not yet freed, on every thread. */
    public static long liveBytes() {
        return LIVE_BYTES.get();
    }

    /** ND4J's CPU float buffer over malloc'd memory, which it frees on release or collection. */
    private static final class MallocFloats extends FloatBuffer {
        private final Cleaner.Cleanable free;

        private MallocFloats(FloatPointer aligned, long length, Free block) {
            super(aligned, FloatIndexer.create(aligned), length);
            this.free = CLEANER.register(this, block);
        }

        static MallocFloats of(long length) {
            long bytes = length * Float.BYTES + ALIGNMENT - 1;
            Pointer base = Pointer.malloc(bytes);
            if (base == null || base.isNull()) throw new OutOfMemoryError("malloc of " + bytes + " bytes for an array failed");
            LIVE_BYTES.addAndGet(bytes);
            ALLOCATIONS.incrementAndGet();
            if (POISON) Pointer.memset(base, 0xFF, bytes); // all ones: a NaN
            long skip = (ALIGNMENT - base.address() % ALIGNMENT) % ALIGNMENT;
            FloatPointer aligned = new PagedPointer(base, length, skip).asFloatPointer();
            return new MallocFloats(aligned, length, new Free(base, bytes));
        }

        @Override
        protected void release() {
            super.release(); // drops ND4J's handle (it does not own the memory)
            free.clean();
        }
    }

    /** Frees the block once: on release, or when its buffer became unreachable. Holds no buffer. */
    private record Free(Pointer base, long bytes) implements Runnable {
        @Override
        public void run() {
            Pointer.free(base);
            LIVE_BYTES.addAndGet(-bytes);
        }
    }
}
