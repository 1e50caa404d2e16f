package io.flywheel.publishers.accounts;

/** Connecting an account failed; the message says why and that nothing was stored. */
public final class AuthorizationException extends RuntimeException {
    public AuthorizationException(String message) {
        super(message);
    }
}
