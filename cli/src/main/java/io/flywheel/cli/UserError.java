package io.flywheel.cli;

/** Something the user can fix, said in one sentence. */
final class UserError extends RuntimeException {
    UserError(String message) {
        super(message);
    }
}
