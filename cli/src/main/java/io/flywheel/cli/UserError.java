package io.flywheel.cli;

/** Something the user can fix, said in one sentence. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
