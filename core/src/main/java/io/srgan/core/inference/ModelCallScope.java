package io.srgan.core.inference;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens the ND4J memory scope each model call runs in, per {@link NativeMemoryMode}, and destroys
 * the workspaces it created when closed.
 */
final class ModelCallScope implements AutoCloseable {
    // Sized by the first call, 20 % headroom; reset when each call's scope closes.
    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.2)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();
    private static final AtomicLong IDS = new AtomicLong();

    private final NativeMemoryMode mode;
    private final String id = "srgan-tiled-upscale-" + IDS.incrementAndGet();
    private final Set<MemoryWorkspace> created = Collections.newSetFromMap(new IdentityHashMap<>());

    ModelCallScope(NativeMemoryMode mode) {
        this.mode = mode;
    }

    /** Enters the scope for one model call; close the result when the call's outputs are copied. */
    MemoryWorkspace enter() {
        if (mode == NativeMemoryMode.DETACHED) {
            return Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
        }
        MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, id);
        created.add(ws);
        return ws;
    }

    /** A scope for arrays that must outlive calls, whatever workspace the caller has open. */
    static MemoryWorkspace detached() {
        return Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
    }

    /** Frees the workspaces' memory (one per thread that ran calls). */
    @Override
    public void close() {
        for (MemoryWorkspace ws : created) {
            ws.destroyWorkspace(true);
        }
        created.clear();
    }
}
