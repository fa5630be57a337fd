package io.srgan.spark.models;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * "Exclusive" create on an object store through S3A, which (hadoop-aws 3.3.4) has no conditional
 * put: {@code create(path, false)} is a HEAD request followed, much later, by an unconditional PUT
 * at close. So: check that the object is absent, PUT it (a PUT is atomic per object and S3 is strongly
 * consistent), wait {@code settle}, read it back, and count the create as ours only if the bytes are
 * still ours. Of writers that all passed the check, the last PUT wins and every other writer reads
 * the winner's bytes back and backs off.
 *
 * <p>Residual race, stated exactly: a writer W2 whose absence check happened before writer W1's PUT
 * became visible, but whose own PUT completes more than {@code settle} after W1's PUT, overwrites a
 * lease W1 has already confirmed, and both believe they hold it. It takes a gap of more than
 * {@code settle} between W2's check and W2's PUT (a long GC pause, retries with back-off, a stalled
 * connection). Holders therefore re-check their lease before every change to the store
 * ({@link StoreLease#checkHeld()}), which narrows the damage to an overlap of at most one step, and
 * the store's files are written so that an overlap loses no record (see {@link ModelStore}). When
 * S3A gains conditional writes ({@code If-None-Match: *}, hadoop-aws 3.4.2+), this class should use them.
 */
final class VerifiedPutCreate implements ExclusiveCreate {
    private final FileSystem fs;
    private final Duration settle;

    VerifiedPutCreate(FileSystem fs, Duration settle) {
        this.fs = fs;
        this.settle = settle;
    }

    @Override
    public boolean create(Path target, byte[] content) throws IOException {
        try (FSDataOutputStream out = fs.create(target, false)) { // the HEAD check; the PUT happens at close
            out.write(content);
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        try {
            Thread.sleep(settle.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while confirming " + target, e);
        }
        try (InputStream in = fs.open(target)) {
            return Arrays.equals(in.readAllBytes(), content);
        } catch (FileNotFoundException e) {
            return false; // removed meanwhile: not ours to hold
        }
    }
}
