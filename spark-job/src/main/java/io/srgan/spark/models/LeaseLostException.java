package io.srgan.spark.models;

/**
 * This process no longer holds the model store's lease (it expired without renewal and another run
 * took over, or renewal failed): it must not change the store.
 */
public final class LeaseLostException extends IllegalStateException {
    public LeaseLostException(String message) {
        super(message);
    }
}
