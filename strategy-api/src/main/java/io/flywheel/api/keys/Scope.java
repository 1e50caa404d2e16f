package io.flywheel.api.keys;

import java.util.Locale;

/**
 * What a key may do. {@code read}, {@code write} and {@code admin} each include the ones below them
 * (admin ⊃ write ⊃ read). {@code webhooks} stands beside them: it manages webhook subscriptions and
 * reads their delivery log and nothing else, so a key given to an integration cannot also brief or
 * read the rest; admin includes it.
 */
public enum Scope {
    READ,
    WRITE,
    ADMIN,
    WEBHOOKS;

    public boolean allows(Scope required) {
        if (this == WEBHOOKS || required == WEBHOOKS) {
            return this == required || this == ADMIN;
        }
        return compareTo(required) >= 0;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code read}, {@code write}, {@code admin} or {@code webhooks}; else an error. */
    public static Scope parse(String s) {
        if (s != null) {
            for (Scope v : values()) {
                if (v.wire().equals(s)) {
                    return v;
                }
            }
        }
        throw new IllegalArgumentException(
                "scope must be read, write, admin or webhooks, not '" + s + "'");
    }
}
