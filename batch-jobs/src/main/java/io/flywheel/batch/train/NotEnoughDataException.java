package io.flywheel.batch.train;

/** Too little data to train on yet: a normal state early on, not a failure of the data. */
public final class NotEnoughDataException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public NotEnoughDataException(String message) {
        super(message);
    }
}
