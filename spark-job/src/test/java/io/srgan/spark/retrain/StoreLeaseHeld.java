package io.srgan.spark.retrain;

import io.srgan.spark.models.ModelStore;
import io.srgan.spark.models.StoreLock;
import java.io.IOException;
import java.time.Instant;

/** Whether anyone holds one of a store's leases right now. */
final class StoreLeaseHeld {
    private StoreLeaseHeld() {
    }

    static boolean now(ModelStore store) throws IOException {
        for (StoreLock lock : StoreLock.values()) {
            if (store.lease(lock).map(l -> l.heldAt(Instant.now())).orElse(false)) {
                return true;
            }
        }
        return false;
    }
}
