package io.flywheel.simulator;

/** A world file that cannot be used, with a message naming where and why. */
public class WorldException extends RuntimeException {
    public WorldException(String message) {
        super(message);
    }
}
