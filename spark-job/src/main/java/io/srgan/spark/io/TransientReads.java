package io.srgan.spark.io;

import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.InvalidImageException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.io.retry.RetryPolicies;
import org.apache.hadoop.io.retry.RetryPolicy;
import org.apache.hadoop.security.AccessControlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads that survive transient store failures (an S3 503, a reset connection, a DataNode restart):
 * an I/O error is retried a few times with exponential backoff (Hadoop's policy, with jitter). What
 * retrying cannot change fails at once: bad content ({@link InvalidImageException}), a missing file,
 * a refused permission, an interrupt.
 */
public final class TransientReads {
    /** Attempts in all, the first included. */
    public static final int ATTEMPTS = 4;
    private static final long BASE_DELAY_MS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(TransientReads.class);

    private TransientReads() {}

    /** A read that may be repeated from the start. */
    @FunctionalInterface
    public interface Read<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code read}, retrying transient failures; {@code what} names the file in messages. When
     * every attempt failed, the IOException says so and carries the last failure as its cause.
     */
    public static <T> T withRetries(String what, Read<T> read) throws IOException {
        RetryPolicy policy = RetryPolicies.exponentialBackoffRetry(ATTEMPTS - 1, BASE_DELAY_MS, TimeUnit.MILLISECONDS);
        for (int retries = 0; ; retries++) {
            try {
                return read.run();
            } catch (IOException e) {
                if (isPermanent(e)) throw e;
                RetryPolicy.RetryAction action;
                try {
                    action = policy.shouldRetry(e, retries, 0, true);
                } catch (Exception unexpected) {
                    throw new IOException(what + ": " + ImageDecoder.describe(e), e);
                }
                if (action.action != RetryPolicy.RetryAction.RetryDecision.RETRY) {
                    throw new IOException(what + ": " + ImageDecoder.describe(e) + " (gave up after " + (retries + 1)
                            + " attempts)", e);
                }
                LOG.warn("{}: {}; retrying in {} ms", what, ImageDecoder.describe(e), action.delayMillis);
                sleep(action.delayMillis);
            }
        }
    }

    /** Failures a retry cannot mend. */
    static boolean isPermanent(IOException e) {
        return e instanceof InvalidImageException || e instanceof FileNotFoundException
                || e instanceof java.nio.file.NoSuchFileException || e instanceof java.nio.file.AccessDeniedException
                || e instanceof AccessControlException || e instanceof InterruptedIOException
                || e instanceof ClosedByInterruptException;
    }

    private static void sleep(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry a read");
        }
    }
}
