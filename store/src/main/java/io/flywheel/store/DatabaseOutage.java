package io.flywheel.store;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells an unreachable or restarting database (worth retrying: the same statement will work once it
 * is back) from a statement that is wrong (retrying would fail the same way forever).
 */
public final class DatabaseOutage {
    private DatabaseOutage() {}

    /**
     * Whether {@code e} or one of its causes says the connection failed: SQLSTATE class 08
     * (connection exception), 57P01..57P03 (the server is shutting down, crashed, or still
     * starting), or the driver's or pool's transient connection failures.
     */
    public static boolean causedBy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P")) {
                    return true;
                }
            }
        }
        return false;
    }
}
