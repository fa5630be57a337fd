package io.srgan.spark.retrain;

import java.net.URI;

/**
 * One training image on a Hadoop file system.
 *
 * @param uri where it is
 * @param key its stable name in records and local copies: {@code <YYYY-MM-DD>/<file>} for incoming
 *            images, {@code base/<file>} for the base training set
 */
public record ImageRef(URI uri, String key) {
    /** A flat file name for a local copy, unique when keys are. */
    public String localName() {
        return key.replace('/', '_');
    }
}
