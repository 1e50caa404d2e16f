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
 * first chosen at cold start, the second by the model the first one trained.
 */
class DemoEndToEndTest {
    private static final Path HOME = Path.of(System.getProperty("flywheel.home"));

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

        FlywheelCli.Run demo =
                flywheel(
                        TimeUnit.MINUTES.toSeconds(25),
                        "demo",
                        "--history",
                        "0",
                        "--cycles",
                        "2",
                        "--videos",
                        "1",
                        "--min-training-rows",
                        "4",
                        "--config",
                        config.toString());

        assertThat(demo.code()).as(demo.out()).isZero();
        assertThat(demo.out())
                .contains("Cycle 2/2")
                .contains("Top arm per segment")
                .contains("Dashboard: http://")
                .doesNotContain("e2e-secret");
        BufferedImage curve = ImageIO.read(tmp.resolve("data/demo/learning-curve.png").toFile());
        assertThat(curve.getWidth()).isEqualTo(900);

        try (Connection c =
                        DriverManager.getConnection(
                                "jdbc:postgresql://127.0.0.1:" + pg + "/flywheel",
                                "flywheel",
                                "e2e-secret");
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
