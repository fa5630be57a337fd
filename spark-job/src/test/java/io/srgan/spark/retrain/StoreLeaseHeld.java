package io.srgan.spark.retrain;

import io.srgan.spark.models.ModelStore;
import io.srgan.spark.models.StoreLease;
import java.io.IOException;
import java.time.Instant;

/** Whether anyone holds a store's lease right now. */
final class StoreLeaseHeld {
    private StoreLeaseHeld() {
    }

    static boolean now(ModelStore store) throws IOException {
        return StoreLease.current(store.storage()).map(l -> l.heldAt(Instant.now())).orElse(false);
    }
}
