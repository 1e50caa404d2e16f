package io.flywheel.e2e;

import static io.flywheel.e2e.DemoEndToEndTest.count;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flywheel demo --history N}: a small simulated channel history goes through the real
 * publisher, audience, Flink and Spark before the first rendered cycle, which the model trained on
 * it chooses. Every process real, each from its module's build.
 */
class DemoHistoryEndToEndTest {
    private static final Path HOME = Path.of(System.getProperty("flywheel.home"));
    private static final String HISTORY = "'history-uniform'";

    @TempDir Path tmp;
    private Path config;

    @AfterEach
    void down() throws Exception {
        if (config != null) {
            run(TimeUnit.MINUTES.toSeconds(3), "down", "--config", config.toString());
        }
    }

    @Test
    void historyVideosArePublishedMeasuredAndLearnedFromAndTheFirstCycleIsChosenByTheModel()
            throws Exception {
        config = FlywheelCli.config(tmp, "e2e-secret");
        int pg = FlywheelCli.port(config, "postgres.port");

        FlywheelCli.Run demo =
                run(
                        TimeUnit.MINUTES.toSeconds(25),
                        "demo",
                        "--history",
                        "24",
                        "--cycles",
                        "1",
                        "--videos",
                        "1",
                        "--min-training-rows",
                        "4",
                        "--config",
                        config.toString());

        assertThat(demo.code()).as(demo.out()).isZero();
        assertThat(demo.out())
                .contains(
                        "Simulated channel history: 24 videos published by the sandbox, not"
                                + " rendered")
                .contains("History (not rendered) publishing (sandbox)")
                .contains("history learning: ")
                .contains("history: 24 uniform, not rendered")
                .contains("uniform random (expected)");

        try (Connection c =
                        DriverManager.getConnection(
                                "jdbc:postgresql://127.0.0.1:" + pg + "/flywheel",
                                "flywheel",
                                "e2e-secret");
                Statement st = c.createStatement()) {
            String historyVideos =
                    " FROM videos v JOIN content_jobs j USING (job_id) WHERE j.policy_version = "
                            + HISTORY;
            // 24 history jobs, 6 per segment, every one published by the sandbox and measured.
            assertThat(
                            count(
                                    st,
                                    "SELECT count(*) FROM content_jobs WHERE status = 'published'"
                                            + " AND policy_version = "
                                            + HISTORY))
                    .isEqualTo(24);
            assertThat(
                            count(
                                    st,
                                    "SELECT count(DISTINCT (platform, niche)) FROM content_jobs"
                                            + " WHERE policy_version = "
                                            + HISTORY))
                    .isEqualTo(4);
            assertThat(
                            count(
                                    st,
                                    "SELECT count(*) FROM publications p JOIN videos v USING"
                                            + " (video_id) JOIN content_jobs j USING (job_id)"
                                            + " WHERE p.status = 'published' AND"
                                            + " j.policy_version = "
                                            + HISTORY))
                    .isEqualTo(24);
            assertThat(
                            count(
                                    st,
                                    "SELECT count(*) FROM kpi_video_totals k JOIN videos v ON"
                                            + " v.video_id::text = k.video_id JOIN content_jobs j"
                                            + " USING (job_id) WHERE j.policy_version = "
                                            + HISTORY))
                    .isEqualTo(24);
            assertThat(
                            count(
                                    st,
                                    "SELECT coalesce(sum(k.views), 0) FROM kpi_video_totals k"
                                            + " JOIN videos v ON v.video_id::text = k.video_id"
                                            + " JOIN content_jobs j USING (job_id) WHERE"
                                            + " j.policy_version = "
                                            + HISTORY))
                    .isPositive();
            // Nothing rendered: every history "rendition" is the one placeholder file.
            assertThat(
                            count(
                                    st,
                                    "SELECT count(DISTINCT r.uri) FROM renditions r JOIN videos v"
                                            + " USING (video_id) JOIN content_jobs j USING"
                                            + " (job_id) WHERE j.policy_version = "
                                            + HISTORY))
                    .isEqualTo(1);
            assertThat(count(st, "SELECT count(*)" + historyVideos)).isEqualTo(24);
            // The first model was trained before cycle 1, on the history's videos only.
            try (ResultSet rs =
                    st.executeQuery(
                            "SELECT train_rows + validation_rows, created_at < (SELECT"
                                    + " min(requested_at) FROM content_jobs WHERE policy_version"
                                    + " <> "
                                    + HISTORY
                                    + ") FROM model_registry ORDER BY version LIMIT 1")) {
                assertThat(rs.next()).as("a model was trained").isTrue();
                assertThat(rs.getLong(1)).isEqualTo(24);
                assertThat(rs.getBoolean(2)).as("trained before cycle 1's briefs").isTrue();
            }
            // Cycle 1's four videos were chosen by that model, not at cold start.
            assertThat(
                            count(
                                    st,
                                    "SELECT count(*) FROM content_jobs WHERE policy_version LIKE"
                                            + " 'thompson%'"))
                    .isEqualTo(4);
            assertThat(
                            count(
                                    st,
                                    "SELECT count(*) FROM content_jobs WHERE policy_version LIKE"
                                            + " 'cold-start%'"))
                    .isZero();
            assertThat(
                            count(
                                    st,
                                    "SELECT count(*) FROM videos v JOIN renditions r USING (video_id)"
                                            + " JOIN content_jobs j USING (job_id) WHERE j.policy_version LIKE 'thompson%'"))
                    .isGreaterThanOrEqualTo(4);
        }
    }

    private FlywheelCli.Run run(long timeoutSeconds, String... args) throws Exception {
        FlywheelCli.Run r =
                new FlywheelCli(HOME)
                        .run(
                                Duration.ofSeconds(timeoutSeconds),
                                tmp.resolve(args[0] + ".out"),
                                args);
        System.out.println(r.out());
        return r;
    }
}
