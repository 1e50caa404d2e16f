package io.flywheel.cli.scheduler;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A PostgreSQL session-level advisory lock on a connection of its own (never a pooled one: a pool
 * would hand the session, and the lock with it, to someone else). Closing releases it; so does the
 * death of the process holding it, because its session ends.
 */
public final class AdvisoryLock implements AutoCloseable {
    /** Held by the one scheduler that schedules; the others wait as stand-bys. */
    public static final long LEADER = 0x466C_7977_5343_0001L;

    /** Held while any job runs, scheduled or manual: one batch job at a time per database. */
    public static final long RUN = 0x466C_7977_5343_0002L;

    /** Opens a new, unpooled connection to the serving database. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    private final Connection connection;
    private final long key;

    private AdvisoryLock(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    /** The lock if nobody else holds it, without waiting. */
    public static Optional<AdvisoryLock> tryAcquire(Connections connections, long key)
            throws SQLException {
        Connection c = connections.open();
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            s.setLong(1, key);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return Optional.of(new AdvisoryLock(c, key));
                }
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        c.close();
        return Optional.empty();
    }

    /** Whether the session that holds the lock is still alive (if it is, it still holds it). */
    public boolean held() {
        try {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try (PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            s.setLong(1, key);
            s.execute();
        } catch (SQLException e) {
            // The session is gone, and the lock with it.
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing ends the session, which releases the lock in any case.
        }
    }
}
