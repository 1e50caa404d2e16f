package io.flywheel.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.config.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerTest {
    @TempDir Path dir;

    @Test
    void keepsDataAcrossRestartsAndRequiresThePassword() throws Exception {
        PostgresServer pg = Ephemeral.ownPostgres(dir, Secret.of("s3cret-pw"));
        pg.start(false, Duration.ofSeconds(60));
        try {
            assertThat(pg.healthy()).isTrue();
            try (Connection c = pg.connect("flywheel");
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v int)");
                s.execute("INSERT INTO kept VALUES (42)");
            }
            assertThatThrownBy(
                            () ->
                                    DriverManager.getConnection(
                                            pg.spec().jdbcUrl(), "flywheel", "wrong-password"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            assertThat(Files.getPosixFilePermissions(dir.resolve("superuser.secret"))).hasSize(2);

            pg.stop();
            assertThat(pg.process()).isEmpty();
            assertThat(pg.healthy()).isFalse();

            PostgresServer again = new PostgresServer(pg.spec());
            again.start(false, Duration.ofSeconds(60));
            try (Connection c = again.connect("flywheel");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        } finally {
            new PostgresServer(pg.spec()).stop();
        }
    }

    @Test
    void aServerKilledWhileItsStarterRunsIsStartedAgainByAnotherOne() throws Exception {
        PostgresServer pg = Ephemeral.ownPostgres(dir, Secret.of("s3cret-pw"));
        pg.start(true, Duration.ofSeconds(60));
        try {
            try (Connection c = pg.connect("flywheel");
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v int)");
                s.execute("INSERT INTO kept VALUES (7)");
            }
            // SIGKILL to the postmaster, as bench/chaos does; the JVM that started it lives on.
            ProcessHandle postmaster = pg.process().orElseThrow();
            postmaster.destroyForcibly();
            postmaster.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(pg.process()).isEmpty();

            // The supervisor starts it with a server object of its own.
            PostgresServer again = new PostgresServer(pg.spec());
            again.start(true, Duration.ofSeconds(90));
            try (Connection c = again.connect("flywheel");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
        } finally {
            new PostgresServer(pg.spec()).stop();
        }
    }
}
