package io.srgan.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.nd4j.nativeblas.NativeOpsHolder;

class NativeThreadsTest {
    @Test
    void tasksGetAnEvenShareOfTheCoresAndAtLeastTheirTaskCpus() {
        assertEquals(8, NativeThreads.share(8, 1, 1), "one image alone gets every core");
        assertEquals(2, NativeThreads.share(8, 3, 1));
        assertEquals(1, NativeThreads.share(8, 8, 1));
        assertEquals(1, NativeThreads.share(8, 100, 1));
        assertEquals(2, NativeThreads.share(8, 100, 2), "spark.task.cpus is the floor");
    }

    /** The setting is the calling thread's (OpenMP keeps it per thread): other threads keep theirs, and it is restored. */
    @Test
    void theSettingIsPerThreadAndRestored() throws Exception {
        org.nd4j.linalg.factory.Nd4j.getExecutioner();
        var ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int before = ops.ompGetMaxThreads();
        int other = before == 3 ? 5 : 3;
        try (NativeThreads ignored = NativeThreads.use(other)) {
            assertEquals(other, ops.ompGetMaxThreads());
            assertEquals(before, CompletableFuture.supplyAsync(ops::ompGetMaxThreads).get().intValue(),
                    "another thread is not affected");
        }
        assertEquals(before, ops.ompGetMaxThreads());
    }
}
