package io.flywheel.streaming.trends;

import io.flywheel.streaming.Jdbc;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/** The trend job's table {@code stream_trends} (migration V67) and its idempotent upsert. */
public final class TrendTables {
    private TrendTables() {}

    static final String UPSERT_TREND =
            "INSERT INTO stream_trends (platform, dimension, value, arm_key, window_start,"
                    + " window_end, engaged_views, baseline_mean, baseline_sd, z_score, onset)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (platform, dimension, value, window_end) DO UPDATE SET"
                    + " arm_key = EXCLUDED.arm_key, window_start = EXCLUDED.window_start,"
                    + " engaged_views = EXCLUDED.engaged_views,"
                    + " baseline_mean = EXCLUDED.baseline_mean,"
                    + " baseline_sd = EXCLUDED.baseline_sd, z_score = EXCLUDED.z_score,"
                    + " onset = EXCLUDED.onset, updated_at = now()";

    public static JdbcSink<TrendWindow> trends(Jdbc.Target t) {
        return Jdbc.upsertSink(t, UPSERT_TREND, new BindTrend(), 200);
    }

    static final class BindTrend implements JdbcStatementBuilder<TrendWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void accept(PreparedStatement ps, TrendWindow w) throws SQLException {
            ps.setString(1, w.platform);
            ps.setString(2, w.dimension);
            ps.setString(3, w.value);
            ps.setString(4, w.armKey);
            ps.setObject(5, Jdbc.time(w.windowStart));
            ps.setObject(6, Jdbc.time(w.windowEnd));
            ps.setLong(7, w.engagedViews);
            ps.setDouble(8, w.baselineMean);
            ps.setDouble(9, w.baselineSd);
            ps.setDouble(10, w.zScore);
            ps.setBoolean(11, w.onset);
        }
    }
}
