package io.flywheel.render.pipeline;

/**
 * A provider attempt that failed, with a stable name for the kind of failure (e.g. {@code timeout},
 * {@code http_500}) and whether another attempt could succeed.
 */
public class ProviderException extends RuntimeException {
    private final String errorClass;
    private final boolean retryable;

    public ProviderException(String errorClass, String message, boolean retryable) {
        super(message);
        this.errorClass = errorClass;
        this.retryable = retryable;
    }

    public ProviderException(
            String errorClass, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.errorClass = errorClass;
        this.retryable = retryable;
    }

    public String errorClass() {
        return errorClass;
    }

    public boolean retryable() {
        return retryable;
    }
}
