package io.srgan.core.train;

import io.srgan.core.util.NativeMemory;
import java.lang.ref.Cleaner;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The native memory a trainer's PSNR steps run in: one ND4J workspace per thread, reused step
 * after step.
 *
 * <p>Why: outside a workspace, ND4J 1.0.0-M2.1 takes every new array from fresh pages, which the
 * kernel zero-fills (an 18.9 MB buffer: ~7 ms to allocate against 1.2 ms to fill it with a value),
 * and frees a closed array only when a GC finds it, so each step ended with {@code System.gc()}.
 * The G step of msrresnet 8x32 spent ~12 % of its time allocating. In the workspace an allocation
 * is a pointer bump into the memory the previous step used; a GC runs every {@link #GC_EVERY} steps
 * only, for what the caller allocates between steps (listeners, validation).
 *
 * <p>The GAN step stays outside: its D update and G update would both have to live in workspaces
 * (a GC between them keeps its peak at the larger of the two), and the memory its first step
 * allocates while the workspaces learn their size was not reused by their blocks — peak RSS grew
 * from 1.2 to 2.0 GB (msrresnet 8x32 + VGG D) for a ~5 % shorter step. Its layers' outputs and
 * gradients come from {@code UnfilledArrays} instead (malloc'd, never filled, freed on close).
 *
 * <p>The contract for every layer, loss and optimizer: an array made during a step does not
 * outlive it (the next step overwrites its memory). State that persists — parameters, gradients,
 * Adam's moments, the EMA, spectral-norm vectors, running statistics — is made at construction and
 * updated in place.
 */
final class StepMemory {
    // Learns its size over the first step, whose arrays are spilled (allocated outside the block, by
    // the workspace); when that step's scope closes ND4J frees them and allocates the block, exactly
    // that size. What a later step needs beyond it is spilled the same way and freed at its close.
    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyAllocation(AllocationPolicy.STRICT)
            .policyLearning(LearningPolicy.OVER_TIME)
            .cyclesBeforeInitialization(1)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.EXTERNAL)
            .build();
    private static final AtomicLong IDS = new AtomicLong();
    private static final Cleaner CLEANER = Cleaner.create();
    static final int GC_EVERY = 16;

    private final String id = "srgan-train-step-" + IDS.incrementAndGet();
    private final boolean workspace;
    private final Blocks blocks = new Blocks();
    private long sizeBefore;
    private long steps;

    StepMemory() {
        this(true);
    }

    private StepMemory(boolean workspace) {
        this.workspace = workspace;
        CLEANER.register(this, blocks); // a trainer dropped without release() still frees its blocks
    }

    /** Steps outside any workspace, freed by a GC after each, as the GAN step: the reference for tests. */
    static StepMemory outsideWorkspaces() {
        return new StepMemory(false);
    }

    /** Enters this thread's workspace for one step; close the result when the step is done. */
    MemoryWorkspace enter() {
        if (!workspace) return Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
        sizeBefore = currentSize();
        MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, id);
        blocks.add(ws);
        return ws;
    }

    /**
     * After the step's scope closed: a GC outside workspaces (after every step, as the GAN step), else
     * when the block was just made and every {@link #GC_EVERY} steps, for the arrays made outside.
     */
    void afterStep() {
        steps++;
        if (!workspace || currentSize() != sizeBefore || steps % GC_EVERY == 0) NativeMemory.release();
    }

    /** Frees the calling thread's block (its next step learns the size again). */
    void release() {
        if (Nd4j.getWorkspaceManager().checkIfWorkspaceExists(id)) {
            // destroyed and forgotten: a destroyed workspace past its learning cycles would never allocate again
            MemoryWorkspace ws = Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(id);
            blocks.remove(ws);
            Nd4j.getWorkspaceManager().destroyWorkspace(ws);
        }
    }

    String id() { return id; }

    /** The size of the calling thread's block, 0 before it has one. */
    long currentSize() {
        return Nd4j.getWorkspaceManager().checkIfWorkspaceExists(id)
                ? Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(id).getCurrentSize() : 0;
    }

    /**
     * The workspaces made on any thread, for the cleaner (which must not reach the StepMemory); held
     * weakly, so that a finished thread's workspace is left to ND4J, which frees it when unreachable.
     */
    private static final class Blocks implements Runnable {
        private final Set<MemoryWorkspace> made = Collections.newSetFromMap(new WeakHashMap<>());

        synchronized void add(MemoryWorkspace ws) { made.add(ws); }

        synchronized void remove(MemoryWorkspace ws) { made.remove(ws); }

        /** Frees the blocks (the empty workspace objects stay in their threads' registries). */
        @Override
        public synchronized void run() {
            made.forEach(ws -> ws.destroyWorkspace(true));
            made.clear();
        }
    }
}
