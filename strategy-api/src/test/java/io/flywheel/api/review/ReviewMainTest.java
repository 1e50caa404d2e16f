package io.flywheel.api.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code flywheel review policy|list} against a real PostgreSQL. */
class ReviewMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(FlywheelConfig c, String... args) {
        out.reset();
        err.reset();
        return ReviewMain.run(
                args,
                c,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void policiesAreShownSetAndCheckedAndTheQueueIsListed() throws Exception {
        Path home = Files.createTempDirectory("flywheel-review-main");
        String db = Ephemeral.database("reviewmain");
        PostgresServer.Spec pg = Ephemeral.postgres().spec();
        FlywheelConfig c =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of(),
                        Map.ofEntries(
                                Map.entry("data.dir", home.resolve("data").toString()),
                                Map.entry("postgres.host", pg.host()),
                                Map.entry("postgres.port", Integer.toString(pg.port())),
                                Map.entry("postgres.database", db),
                                Map.entry("postgres.user", pg.user()),
                                Map.entry("postgres.password", pg.password().reveal()),
                                Map.entry("postgres.embedded", "false")),
                        home);

        assertThat(run(c, "policy")).isZero();
        assertThat(out())
                .isEqualTo(
                        "YOUTUBE_SHORTS\tpublish_at_once\nTIKTOK\tpublish_at_once\n"
                                + "INSTAGRAM_REELS\tpublish_at_once\n");
        assertThat(run(c, "policy", "TIKTOK", "wait_for_approval")).isZero();
        assertThat(out()).isEqualTo("TIKTOK\twait_for_approval\n");
        assertThat(run(c, "policy")).isZero();
        assertThat(out())
                .contains("TIKTOK\twait_for_approval\n")
                .contains("YOUTUBE_SHORTS\tpublish_at_once");

        assertThat(run(c, "policy", "MYSPACE", "wait_for_approval")).isEqualTo(2);
        assertThat(err()).contains("YOUTUBE_SHORTS, TIKTOK or INSTAGRAM_REELS");
        assertThat(run(c, "policy", "TIKTOK", "later")).isEqualTo(2);
        assertThat(err())
                .contains("policy must be publish_at_once or wait_for_approval, not 'later'");
        assertThat(run(c, "policy", "TIKTOK")).isZero();
        assertThat(out()).isEqualTo("TIKTOK\twait_for_approval\n");

        assertThat(run(c, "list")).isZero();
        assertThat(out()).isEmpty();
        assertThat(err()).contains("0 pending");
        assertThat(run(c, "list", "--state", "done")).isEqualTo(2);
    }
}
