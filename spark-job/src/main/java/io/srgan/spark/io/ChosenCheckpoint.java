package io.srgan.spark.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint a reader settled on, what it read from it, and the preferred ones it passed over
 * because they were damaged. The one rule for every reader that picks "the newest" or "the best"
 * checkpoint (resume, warm start, {@code --model}, reports, imports): candidates are tried in order of
 * preference, each read with its CRC32Cs checked, and a damaged one gives way to the next.
 *
 * @param passedOver damaged checkpoints tried first, in the order tried
 */
public record ChosenCheckpoint<T>(Checkpoint checkpoint, T value, List<PassedOver> passedOver) {
    private static final Logger LOG = LoggerFactory.getLogger(ChosenCheckpoint.class);

    public ChosenCheckpoint {
        passedOver = List.copyOf(passedOver);
    }

    /** A damaged checkpoint and what is wrong with it. */
    public record PassedOver(Checkpoint checkpoint, String reason) {
        @Override
        public String toString() {
            return checkpoint.uri() + ": " + reason;
        }
    }

    /**
     * Reads the first of {@code preference} that reads back intact; empty if there is none to try, an
     * IOException if every one is damaged. Only damage (a file that does not
     * match its manifest, or does not parse) passes a checkpoint over; other I/O failures propagate, so
     * that a flaky store cannot send a reader back to an older checkpoint.
     */
    static <T> Optional<ChosenCheckpoint<T>> firstReadable(List<Checkpoint> preference, CheckpointReader<T> reader)
            throws IOException {
        List<PassedOver> passed = new ArrayList<>();
        for (Checkpoint c : preference) {
            try {
                T value = reader.read(c);
                return Optional.of(new ChosenCheckpoint<>(c, value, passed));
            } catch (io.srgan.core.checkpoint.CheckpointCorruptException e) {
                LOG.warn("Passing over damaged checkpoint {}: {}", c.uri(), e.getMessage());
                passed.add(new PassedOver(c, e.getMessage()));
            }
        }
        if (!passed.isEmpty()) {
            throw new IOException("no intact checkpoint to read: every complete one is damaged (" + passed + ")");
        }
        return Optional.empty();
    }
}
