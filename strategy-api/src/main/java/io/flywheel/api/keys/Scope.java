package io.flywheel.api.keys;

import java.util.Locale;

/** What a key may do; each scope includes the ones below it (admin ⊃ write ⊃ read). */
public enum Scope {
    READ,
    WRITE,
    ADMIN;

    public boolean allows(Scope required) {
        return compareTo(required) >= 0;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code read}, {@code write} or {@code admin}; anything else is an error. */
    public static Scope parse(String s) {
        if (s != null) {
            for (Scope v : values()) {
                if (v.wire().equals(s)) {
                    return v;
                }
            }
        }
        throw new IllegalArgumentException("scope must be read, write or admin, not '" + s + "'");
    }
}
