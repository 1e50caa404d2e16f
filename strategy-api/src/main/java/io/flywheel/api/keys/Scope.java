package io.flywheel.api.keys;

import java.util.Locale;

/**
 * What a key may do. {@code read}, {@code write} and {@code admin} each include the ones below them
 * (admin ⊃ write ⊃ read). {@code webhooks} stands beside them: it manages webhook subscriptions and
 * reads their delivery log and nothing else, so a key given to an integration cannot also brief or
 * read the rest; admin includes it. {@code review} stands beside them too: the review queue (list,
 * watch, approve, reject, set a channel's policy) and nothing else, for the people who approve
 * videos; admin includes it.
 */
public enum Scope {
    READ,
    WRITE,
    ADMIN,
    WEBHOOKS,
    REVIEW;

    public boolean allows(Scope required) {
        if (this == WEBHOOKS || required == WEBHOOKS || this == REVIEW || required == REVIEW) {
            return this == required || this == ADMIN;
        }
        return compareTo(required) >= 0;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code read}, {@code write}, {@code admin}, {@code webhooks} or {@code review}. */
    public static Scope parse(String s) {
        if (s != null) {
            for (Scope v : values()) {
                if (v.wire().equals(s)) {
                    return v;
                }
            }
        }
        throw new IllegalArgumentException(
                "scope must be read, write, admin, webhooks or review, not '" + s + "'");
    }
}
