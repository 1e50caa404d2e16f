package io.flywheel.store;

import java.util.Locale;

/** Whether a channel's rendered videos publish at once or wait for a person's approval. */
public enum ReviewPolicy {
    PUBLISH_AT_ONCE,
    WAIT_FOR_APPROVAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code publish_at_once} or {@code wait_for_approval}; else an error saying so. */
    public static ReviewPolicy parse(String s) {
        for (ReviewPolicy p : values()) {
            if (p.wire().equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "policy must be publish_at_once or wait_for_approval, not '" + s + "'");
    }
}
