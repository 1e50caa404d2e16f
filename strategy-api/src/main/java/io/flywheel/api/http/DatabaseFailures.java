package io.flywheel.api.http;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;

/**
 * Tells a database that is away (stopped, restarting, unreachable, pool timed out waiting for a
 * connection) from a failing query, so the API answers 503 with {@code Retry-After} instead of 500.
 */
public final class DatabaseFailures {
    static final String RETRY_AFTER_SECONDS = "5";

    private DatabaseFailures() {}

    /** Whether {@code e} or one of its causes says the database cannot be reached. */
    public static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true; // HikariCP: no connection within connectionTimeout
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                // 08: connection exceptions; 57P01-57P03: the server is shutting down or starting.
                if (state.startsWith("08") || state.startsWith("57P")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The 503 answered while the database is away. */
    public static ApiProblem unavailable() {
        return new ApiProblem(
                503,
                "database-unavailable",
                "Database unavailable",
                "the database is unavailable; retry after "
                        + RETRY_AFTER_SECONDS
                        + " s (POST /v1/briefs with the same Idempotency-Key is safe to retry)",
                null,
                Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }
}
