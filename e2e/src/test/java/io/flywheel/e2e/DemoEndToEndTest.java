package io.flywheel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.embedded.FreePorts;
import io.flywheel.embedded.JavaService;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
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
 * each from its module's build. Two small cycles: the first chosen at cold start, the second by the
 * model the first one trained.
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
        for (String module : List.of("cli", "streaming-jobs", "batch-jobs", "render-workers")) {
            assertThat(HOME.resolve(module).resolve("target/lib"))
                    .as(module + " must be packaged before the end-to-end tests run")
                    .isDirectory();
        }
        int pg = FreePorts.pick();
        config = tmp.resolve("flywheel.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "data.dir=" + tmp.resolve("data"),
                        "kafka.broker.port=" + FreePorts.pick(),
                        "kafka.controller.port=" + FreePorts.pick(),
                        "postgres.port=" + pg,
                        "postgres.password=e2e-secret",
                        "api.port=" + FreePorts.pick(),
                        "streaming.web.port=" + FreePorts.pick(),
                        "scheduler.port=" + FreePorts.pick(),
                        "kafka.topic.partitions=2",
                        ""));

        Run demo =
                flywheel(
                        TimeUnit.MINUTES.toSeconds(25),
                        "demo",
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

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    record Run(int code, String out) {}

    /** The CLI as ./flywheel starts it: its own JVM from cli/target. */
    private Run flywheel(long timeoutSeconds, String... args) throws Exception {
        Path cli = HOME.resolve("cli/target");
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                JavaService.javaBinary(),
                                "-Xmx512m",
                                "-cp",
                                cli.resolve("flywheel-cli.jar") + ":" + cli.resolve("lib") + "/*",
                                "io.flywheel.cli.Main"));
        cmd.addAll(List.of(args));
        Path log = tmp.resolve(args[0] + ".out");
        ProcessBuilder pb =
                new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("FLYWHEEL_HOME", HOME.toString());
        pb.environment().remove("FLYWHEEL_CONFIG");
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(
                    "flywheel "
                            + String.join(" ", args)
                            + " did not finish in "
                            + timeoutSeconds
                            + " s:\n"
                            + Files.readString(log, StandardCharsets.UTF_8));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(out);
        return new Run(p.exitValue(), out);
    }
}
