package io.srgan.core.util;

/** {@link UnfilledArrays#liveBytes()} for tests, once what earlier code left for the collector is freed. */
public final class LiveNativeBytes {
    private LiveNativeBytes() {}

    /** The live bytes once two collections in a row changed nothing (the cleaner frees after a GC, on its own thread). */
    public static long settled() throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 50; i++) {
            System.gc();
            Thread.sleep(20);
            long now = UnfilledArrays.liveBytes();
            if (now == last) return now;
            last = now;
        }
        return last;
    }
}
