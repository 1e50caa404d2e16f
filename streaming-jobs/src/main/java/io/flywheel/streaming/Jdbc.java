package io.flywheel.streaming;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * PostgreSQL sinks: batched, flushed on every checkpoint (at least once), and idempotent because
 * every statement is an upsert keyed by what the row describes; a replay after recovery therefore
 * leaves the same rows.
 */
public final class Jdbc {
    private Jdbc() {}

    /** Connection settings; the password travels inside the job graph, never into logs. */
    public record Target(String url, String user, String password) implements java.io.Serializable {
        @Override
        public String toString() {
            return "Target[" + url + " as " + user + "]";
        }
    }

    public static <T> JdbcSink<T> upsertSink(
            Target target, String sql, JdbcStatementBuilder<T> binder, int batchSize) {
        return JdbcSink.<T>builder()
                .withQueryStatement(sql, binder)
                .withExecutionOptions(
                        JdbcExecutionOptions.builder()
                                .withBatchSize(batchSize)
                                .withBatchIntervalMs(200)
                                .withMaxRetries(3)
                                .build())
                .buildAtLeastOnce(
                        new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                                .withUrl(target.url())
                                .withDriverName("org.postgresql.Driver")
                                .withUsername(target.user())
                                .withPassword(target.password())
                                .build());
    }

    public static OffsetDateTime time(long epochMs) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
    }

    public static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }
}
