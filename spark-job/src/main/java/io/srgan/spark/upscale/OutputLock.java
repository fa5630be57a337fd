package io.srgan.spark.upscale;

import io.srgan.spark.io.Storage;
import io.srgan.spark.models.LeaseHeldException;
import io.srgan.spark.models.LeaseOwner;
import io.srgan.spark.models.LeaseRecord;
import io.srgan.spark.models.LeaseSettings;
import io.srgan.spark.models.StoreLease;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.apache.hadoop.fs.Path;

/**
 * One job per output folder: the model store's lease ({@link StoreLease}: exclusive create of the next
 * generation, renewed from a daemon thread, released on close) held on the folder's
 * {@value OutputPaths#JOB_FOLDER}/lease/. A second job refuses, naming the holder, before it touches
 * anything, so it cannot delete the first one's temporaries. A killed job's lock expires after
 * {@link #TTL}; one whose process is gone from this host is taken over at once, so rerunning a killed
 * command on the same machine finishes it straight away.
 */
final class OutputLock implements AutoCloseable {
    /** A killed job on another host blocks its folder at most this long; renewed every third of it. */
    static final Duration TTL = Duration.ofMinutes(5);
    /** Object stores: how long a new lock is left before it is read back (see the store lease's VerifiedPutCreate). */
    static final Duration SETTLE = Duration.ofSeconds(2);

    private final Storage jobFolder;
    private final StoreLease lease;

    private OutputLock(Storage jobFolder, StoreLease lease) {
        this.jobFolder = jobFolder;
        this.lease = lease;
    }

    /** Locks {@code output}'s folder for this process, or throws {@link OutputFolderException} naming the job that holds it. */
    static OutputLock acquire(Storage output, String job) throws IOException {
        Storage jobFolder = Storage.open(new Path(output.root(), OutputPaths.JOB_FOLDER).toUri(), output.configuration());
        try {
            StoreLease lease = StoreLease.acquire(jobFolder, LeaseOwner.thisProcess(job), new LeaseSettings(TTL, SETTLE),
                    Clock.systemUTC(), true);
            return new OutputLock(jobFolder, lease);
        } catch (LeaseHeldException e) {
            jobFolder.close();
            LeaseRecord holder = e.holder();
            throw new OutputFolderException("the output folder " + output.root() + " is in use by "
                    + (holder == null ? "a job that is taking its lock right now" : holder.owner() + " since " + holder.acquiredAt()
                    + " (its lock holds until " + holder.expiresAt() + " unless renewed)")
                    + "; one job per output folder: this job did nothing. If that job was killed, its lock expires then; on the"
                    + " same host, a killed job's lock is taken over at once");
        } catch (IOException | RuntimeException e) {
            jobFolder.close();
            throw e;
        }
    }

    /** Throws unless this job still holds the folder (not taken over after a failed renewal): call before writing job files. */
    void checkHeld() throws IOException {
        lease.checkHeld();
    }

    @Override
    public void close() throws IOException {
        try {
            lease.close();
        } finally {
            jobFolder.close();
        }
    }
}
