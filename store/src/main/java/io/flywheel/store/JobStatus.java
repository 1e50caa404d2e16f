package io.flywheel.store;

import java.util.Locale;

/** Where a content job is. Stored as lower-case text (see content_jobs.status). */
public enum JobStatus {
    REQUESTED,
    RENDERING,
    RENDERED,
    PUBLISHED,
    FAILED,
    REJECTED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromDb(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    public boolean isFinal() {
        return this == PUBLISHED || this == FAILED || this == REJECTED;
    }
}
