package io.flywheel.streaming.engagement;

import io.flywheel.model.Arm;
import io.flywheel.model.ArmColumns;
import io.flywheel.model.ParameterTable;
import io.flywheel.streaming.Jdbc;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * The PostgreSQL tables of the engagement KPIs (migration V10, documented in docs/tables.md) and
 * their idempotent upserts.
 */
public final class KpiTables {
    private KpiTables() {}

    private static final String SUM_COLUMNS =
            "events, views, engaged_views, minutes_watched, view_percent_weighted,"
                    + " view_percent_views, likes, comments, shares, subscribers_gained,"
                    + " subscribers_lost, impressions, engaged_view_rate,"
                    + " average_view_percentage, like_rate, share_rate, comment_rate,"
                    + " subscribers_net, revenue_micro_usd";
    private static final String SUM_PARAMS =
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
    private static final String SUM_UPDATES =
            "events = EXCLUDED.events, views = EXCLUDED.views,"
                    + " engaged_views = EXCLUDED.engaged_views,"
                    + " minutes_watched = EXCLUDED.minutes_watched,"
                    + " view_percent_weighted = EXCLUDED.view_percent_weighted,"
                    + " view_percent_views = EXCLUDED.view_percent_views,"
                    + " likes = EXCLUDED.likes, comments = EXCLUDED.comments,"
                    + " shares = EXCLUDED.shares,"
                    + " subscribers_gained = EXCLUDED.subscribers_gained,"
                    + " subscribers_lost = EXCLUDED.subscribers_lost,"
                    + " impressions = EXCLUDED.impressions,"
                    + " engaged_view_rate = EXCLUDED.engaged_view_rate,"
                    + " average_view_percentage = EXCLUDED.average_view_percentage,"
                    + " like_rate = EXCLUDED.like_rate, share_rate = EXCLUDED.share_rate,"
                    + " comment_rate = EXCLUDED.comment_rate,"
                    + " subscribers_net = EXCLUDED.subscribers_net,"
                    + " revenue_micro_usd = EXCLUDED.revenue_micro_usd, updated_at = now()";

    /** A replayed (older) snapshot never overwrites a newer one: events only grow. */
    static final String UPSERT_VIDEO_TOTALS =
            "INSERT INTO kpi_video_totals (video_id, platform, arm_id, "
                    + SUM_COLUMNS
                    + ", first_event_at, last_event_at) VALUES (?, ?, ?, "
                    + SUM_PARAMS
                    + ", ?, ?) ON CONFLICT (video_id) DO UPDATE SET arm_id ="
                    + " COALESCE(EXCLUDED.arm_id, kpi_video_totals.arm_id), "
                    + SUM_UPDATES
                    + ", first_event_at = EXCLUDED.first_event_at,"
                    + " last_event_at = EXCLUDED.last_event_at"
                    + " WHERE kpi_video_totals.events <= EXCLUDED.events";

    /** A late firing of a window carries the whole window again: replace. */
    static final String UPSERT_ARM_WINDOW =
            "INSERT INTO kpi_arm_windows (arm_id, platform, window_seconds, window_start,"
                    + " window_end, "
                    + SUM_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, "
                    + SUM_PARAMS
                    + ") ON CONFLICT (arm_id, platform, window_seconds, window_start) DO UPDATE"
                    + " SET "
                    + SUM_UPDATES;

    static final String INSERT_ARM =
            "INSERT INTO kpi_arms (arm_id, "
                    + ArmColumns.names(ParameterTable.ALL)
                    + ", first_seen_at, arm_key) VALUES (?, "
                    + ArmColumns.placeholders(ParameterTable.ALL)
                    + ", ?, ?)"
                    + " ON CONFLICT (arm_id) DO UPDATE SET first_seen_at ="
                    + " LEAST(kpi_arms.first_seen_at, EXCLUDED.first_seen_at)";

    static final String INSERT_LATE =
            "INSERT INTO kpi_late_events (event_id, video_id, platform, event_time,"
                    + " watermark_at, reason, views, engaged_views, minutes_watched, likes,"
                    + " comments, shares, subscribers_gained, subscribers_lost, impressions,"
                    + " revenue_micro_usd)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (event_id) DO NOTHING";

    public static JdbcSink<VideoTotals> videoTotals(Jdbc.Target t) {
        return Jdbc.upsertSink(t, UPSERT_VIDEO_TOTALS, new BindVideoTotals(), 500);
    }

    public static JdbcSink<ArmWindowKpi> armWindows(Jdbc.Target t) {
        return Jdbc.upsertSink(t, UPSERT_ARM_WINDOW, new BindArmWindow(), 500);
    }

    public static JdbcSink<ArmRequest> arms(Jdbc.Target t) {
        return Jdbc.upsertSink(t, INSERT_ARM, new BindArm(), 100);
    }

    public static JdbcSink<LateEvent> lateEvents(Jdbc.Target t) {
        return Jdbc.upsertSink(t, INSERT_LATE, new BindLate(), 500);
    }

    static int bindSums(PreparedStatement ps, int i, EngagementSums s) throws SQLException {
        ps.setLong(i++, s.events);
        ps.setLong(i++, s.views);
        ps.setLong(i++, s.engagedViews);
        ps.setDouble(i++, s.minutesWatched);
        ps.setDouble(i++, s.viewPercentWeighted);
        ps.setLong(i++, s.viewPercentViews);
        ps.setLong(i++, s.likes);
        ps.setLong(i++, s.comments);
        ps.setLong(i++, s.shares);
        ps.setLong(i++, s.subscribersGained);
        ps.setLong(i++, s.subscribersLost);
        ps.setLong(i++, s.impressions);
        Jdbc.setDouble(ps, i++, s.engagedViewRate());
        Jdbc.setDouble(ps, i++, s.averageViewPercentage());
        Jdbc.setDouble(ps, i++, s.likeRate());
        Jdbc.setDouble(ps, i++, s.shareRate());
        Jdbc.setDouble(ps, i++, s.commentRate());
        ps.setLong(i++, s.subscribersNet());
        ps.setObject(i++, s.revenue(), java.sql.Types.BIGINT);
        return i;
    }

    static final class BindVideoTotals implements JdbcStatementBuilder<VideoTotals> {
        private static final long serialVersionUID = 1L;

        @Override
        public void accept(PreparedStatement ps, VideoTotals t) throws SQLException {
            ps.setString(1, t.videoId);
            ps.setString(2, t.platform);
            ps.setString(3, t.armId);
            int i = bindSums(ps, 4, t.sums);
            ps.setObject(i++, Jdbc.time(t.firstEventTime));
            ps.setObject(i, Jdbc.time(t.lastEventTime));
        }
    }

    static final class BindArmWindow implements JdbcStatementBuilder<ArmWindowKpi> {
        private static final long serialVersionUID = 1L;

        @Override
        public void accept(PreparedStatement ps, ArmWindowKpi k) throws SQLException {
            ps.setString(1, k.armId);
            ps.setString(2, k.platform);
            ps.setInt(3, (int) k.windowSeconds);
            ps.setObject(4, Jdbc.time(k.windowStart));
            ps.setObject(5, Jdbc.time(k.windowEnd));
            bindSums(ps, 6, k.sums);
        }
    }

    static final class BindArm implements JdbcStatementBuilder<ArmRequest> {
        private static final long serialVersionUID = 1L;

        @Override
        public void accept(PreparedStatement ps, ArmRequest a) throws SQLException {
            ps.setString(1, a.armId);
            int i = ArmColumns.bind(ps, 2, Arm.ofKey(a.armKey), ParameterTable.ALL);
            ps.setObject(i++, Jdbc.time(a.eventTime));
            ps.setString(i, a.armKey);
        }
    }

    static final class BindLate implements JdbcStatementBuilder<LateEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public void accept(PreparedStatement ps, LateEvent l) throws SQLException {
            Engagement e = l.engagement;
            ps.setString(1, e.eventId());
            ps.setString(2, e.videoId());
            ps.setString(3, e.platform);
            ps.setObject(4, Jdbc.time(e.eventTime));
            if (l.watermark == Long.MIN_VALUE || l.watermark == Long.MAX_VALUE) {
                ps.setObject(5, null);
            } else {
                ps.setObject(5, Jdbc.time(l.watermark));
            }
            ps.setString(6, l.reason);
            ps.setLong(7, e.views);
            ps.setLong(8, e.engagedViews);
            ps.setDouble(9, e.minutesWatched);
            ps.setLong(10, e.likes);
            ps.setLong(11, e.comments);
            ps.setLong(12, e.shares);
            ps.setLong(13, e.subscribersGained);
            ps.setLong(14, e.subscribersLost);
            ps.setLong(15, e.impressions);
            ps.setObject(16, e.revenueReported ? e.revenueMicroUsd : null, java.sql.Types.BIGINT);
        }
    }
}
