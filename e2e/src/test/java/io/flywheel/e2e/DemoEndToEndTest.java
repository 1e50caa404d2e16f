package io.flywheel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flywheel demo} as a user runs it, on its own data directory and ports: every process real,
 * each from its module's build. Two small cycles with no channel history ({@code --history 0}): the
 * first chosen at cold start, the second by the model the first one trained. And a small simulated
 * channel history ({@code --history 24}) through the real publisher, audience, Flink and Spark
 * before one cycle, which the model trained on the history chooses. And a cycle of 120 renders that
 * cannot finish within a 3-minute limit: the demo says what was not done and exits 3.
 */
class DemoEndToEndTest {
    private static final Path HOME = Path.of(System.getProperty("flywheel.home"));
    private static final String HISTORY = "'history-uniform'";

    @TempDir Path tmp;
    private Path config;

    @AfterEach
    void down() throws Exception {
        if (config != null) {
            flywheel(TimeUnit.MINUTES.toSeconds(3), "down", "--config", config.toString());
        }
    }

    @Test
    void twoCyclesRenderPublishMeasureAndLearnAndTheSecondIsChosenByTheModel() throws Exception {
        for (String module :
                List.of(
                        "cli",
                        "demo",
                        "publishers",
                        "simulator",
                        "streaming-jobs",
                        "batch-jobs",
                        "render-workers")) {
            assertThat(HOME.resolve(module).resolve("target/lib"))
                    .as(module + " must be packaged before the end-to-end tests run")
                    .isDirectory();
        }
        config = FlywheelCli.config(tmp, "e2e-secret");
        int pg = FlywheelCli.port(config, "postgres.port");

        FlywheelCli.Run demo = demo(0, 2);

        assertThat(demo.code()).as(demo.out()).isZero();
        assertThat(demo.out())
                .contains("Cycle 2/2")
                .contains("Top arm per segment")
                .contains("Dashboard: http://")
                .doesNotContain("e2e-secret");
        BufferedImage curve = ImageIO.read(tmp.resolve("data/demo/learning-curve.png").toFile());
        assertThat(curve.getWidth()).isEqualTo(900);

        try (Connection c = postgres(pg);
                Statement st = c.createStatement()) {
            // Four segments, one video each per cycle: every one rendered, published, measured.
            assertThat(count(st, "SELECT count(*) FROM videos")).isEqualTo(8);
            assertThat(count(st, "SELECT count(*) FROM publications WHERE status = 'published'"))
                    .isEqualTo(8);
            assertThat(count(st, "SELECT count(*) FROM kpi_video_totals WHERE views > 0"))
                    .isEqualTo(8);
            // Cycle 1 had no model; cycle 2's briefs were scored by the champion it trained.
            Map<String, Long> policies = new TreeMap<>();
            try (ResultSet rs =
                    st.executeQuery(
                            "SELECT split_part(policy_version, '@', 1), count(*) FROM content_jobs"
                                    + " GROUP BY 1")) {
                while (rs.next()) {
                    policies.put(rs.getString(1), rs.getLong(2));
                }
            }
            assertThat(policies).containsEntry("cold-start", 4L);
            assertThat(policies.keySet()).anyMatch(p -> p.startsWith("thompson"));
            assertThat(
                            count(
                                    st,
                                    "SELECT count(*) FROM content_jobs"
                                            + " WHERE policy_version LIKE 'thompson%'"))
                    .isEqualTo(4);
            assertThat(count(st, "SELECT count(*) FROM model_registry WHERE status = 'champion'"))
                    .isEqualTo(1);
            assertThat(count(st, "SELECT count(*) FROM recommendations")).isPositive();
        }
    }

    @Test
    void historyVideosArePublishedMeasuredAndLearnedFromAndTheFirstCycleIsChosenByTheModel()
            throws Exception {
        config = FlywheelCli.config(tmp, "e2e-secret");
        int pg = FlywheelCli.port(config, "postgres.port");

        FlywheelCli.Run demo = demo(24, 1);

        assertThat(demo.code()).as(demo.out()).isZero();
        assertThat(demo.out())
                .contains(
                        "Simulated channel history: 24 videos published by the sandbox, not"
                                + " rendered")
                .contains("History (not rendered) publishing (sandbox)")
                .contains("history learning: ")
                .contains("history: 24 uniform, not rendered")
                .contains("uniform random (expected)");

        try (Connection c = postgres(pg);
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
            // Published as simulated history, with no licence evidence made up for them.
            assertThat(
                            count(
                                    st,
                                    "SELECT count(*) FROM asset_evidence e JOIN content_jobs j"
                                            + " USING (job_id) WHERE j.policy_version = "
                                            + HISTORY))
                    .isZero();
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

    @Test
    void aCycleCutShortByTheTimeLimitIsReportedAndExitsWithTheIncompleteCode() throws Exception {
        config = FlywheelCli.config(tmp, "e2e-secret");

        // 120 renders cannot finish within a minute of the start, services included.
        FlywheelCli.Run demo =
                flywheel(
                        TimeUnit.MINUTES.toSeconds(12),
                        "demo",
                        "--history",
                        "0",
                        "--cycles",
                        "1",
                        "--videos",
                        "30",
                        "--timeout-minutes",
                        "1",
                        "--config",
                        config.toString());

        assertThat(demo.code()).as(demo.out()).isEqualTo(3);
        assertThat(demo.out())
                .contains("INCOMPLETE RUN: the demo did not do all it was asked")
                .contains("Exit code 3")
                .contains("Time per phase");
        // On a loaded machine the services alone may take the minute: then the cycle never
        // started, which is incomplete too.
        assertThat(demo.out())
                .containsAnyOf(
                        "renders still pending when the 1-minute limit (--timeout-minutes) ran"
                                + " out",
                        "cycle 1: not started, the 1-minute limit (--timeout-minutes) ran out");
    }

    /** A small demo: one video per segment and cycle, a model from 4 videos on. */
    private FlywheelCli.Run demo(int history, int cycles) throws Exception {
        return flywheel(
                TimeUnit.MINUTES.toSeconds(25),
                "demo",
                "--history",
                Integer.toString(history),
                "--cycles",
                Integer.toString(cycles),
                "--videos",
                "1",
                "--min-training-rows",
                "4",
                "--config",
                config.toString());
    }

    private static Connection postgres(int port) throws Exception {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/flywheel", "flywheel", "e2e-secret");
    }

    static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private FlywheelCli.Run flywheel(long timeoutSeconds, String... args) throws Exception {
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
