package io.flywheel.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No password-less login into the embedded PostgreSQL: not over TCP, not over its Unix socket, not
 * as the superuser, not after a restart of a cluster whose pg_hba.conf trusted someone. Uses the
 * real server and, for the socket, the {@code psql} client of the machine (PostgreSQL 15 on this
 * kind of machine).
 */
class PostgresLoginTest {
    private static final String PASSWORD = "s3cret-pw";
    @TempDir Path dir;
    private PostgresServer pg;

    private PostgresServer start() {
        pg = Ephemeral.ownPostgres(dir, Secret.of(PASSWORD));
        pg.start(false, Duration.ofSeconds(60));
        return pg;
    }

    @AfterEach
    void stop() {
        if (pg != null) {
            new PostgresServer(pg.spec()).stop();
        }
    }

    private record Result(int exit, String output) {}

    /** psql with no password anywhere (no PGPASSWORD, no ~/.pgpass), never prompting. */
    private Result psql(List<String> prefix, String host, String user, String password)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(
                List.of(
                        "psql",
                        "-w",
                        "-X",
                        "-h",
                        host,
                        "-p",
                        Integer.toString(pg.spec().port()),
                        "-U",
                        user,
                        "-d",
                        "postgres",
                        "-At",
                        "-c",
                        "SELECT 40 + 2"));
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = b.environment();
        env.keySet().removeIf(k -> k.startsWith("PG"));
        env.put("PGPASSFILE", "/dev/null");
        env.put("PGCONNECT_TIMEOUT", "5");
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        b.directory(Path.of("/").toFile());
        Process p = b.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("psql ends").isTrue();
        return new Result(
                p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static boolean onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }

    private void jdbcWithoutPasswordIsRefused(String user) {
        Properties props = new Properties();
        props.put("user", user);
        props.put("loginTimeout", "5");
        assertThatThrownBy(() -> DriverManager.getConnection(pg.spec().jdbcUrl("postgres"), props))
                .as("JDBC as %s without a password", user)
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("SCRAM-based authentication, but no password was provided");
    }

    @Test
    void noRoleLogsInWithoutItsPasswordOverTcpOrTheSocket() throws Exception {
        start();
        Path socketDir = dir.resolve("socket");
        Path socket = socketDir.resolve(".s.PGSQL." + pg.spec().port());

        assertThat(Files.readAllLines(dir.resolve("data/pg_hba.conf")))
                .filteredOn(l -> !l.isBlank() && !l.startsWith("#"))
                .containsExactly(
                        "local all all scram-sha-256",
                        "host all all 127.0.0.1/32 scram-sha-256",
                        "host all all ::1/128 scram-sha-256",
                        "host all all 0.0.0.0/0 scram-sha-256",
                        "host all all ::/0 scram-sha-256");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socketDir)))
                .isEqualTo("rwx------");
        assertThat(Files.exists(socket)).as("the socket is in the data directory").isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                .isEqualTo("rwx------");
        assertThat(Files.exists(Path.of("/tmp/.s.PGSQL." + pg.spec().port())))
                .as("no socket in /tmp")
                .isFalse();

        jdbcWithoutPasswordIsRefused("postgres");
        jdbcWithoutPasswordIsRefused("flywheel");
        assertThat(pg.healthy()).as("with the password").isTrue();

        Assumptions.assumeTrue(onPath("psql"), "psql is not installed");
        for (String user : List.of("postgres", "flywheel")) {
            Result tcp = psql(List.of(), "127.0.0.1", user, null);
            assertThat(tcp.exit()).as("psql over TCP as %s: %s", user, tcp.output()).isEqualTo(2);
            assertThat(tcp.output()).contains("no password supplied");

            Result local = psql(List.of(), socketDir.toString(), user, null);
            assertThat(local.exit())
                    .as("psql over the socket as %s: %s", user, local.output())
                    .isEqualTo(2);
            assertThat(local.output()).contains(socket.toString()).contains("no password supplied");
        }
        Result withPassword = psql(List.of(), socketDir.toString(), "flywheel", PASSWORD);
        assertThat(withPassword.output().strip()).isEqualTo("42");
        assertThat(withPassword.exit()).isZero();
        Result superuser =
                psql(
                        List.of(),
                        socketDir.toString(),
                        "postgres",
                        Files.readString(dir.resolve("superuser.secret")).strip());
        assertThat(superuser.output().strip()).isEqualTo("42");

        if (onPath("runuser") && "root".equals(System.getProperty("user.name"))) {
            // Another OS user cannot even reach the socket, password or not.
            Result other =
                    psql(
                            List.of("runuser", "-u", "nobody", "--"),
                            socketDir.toString(),
                            "flywheel",
                            PASSWORD);
            assertThat(other.exit()).as(other.output()).isEqualTo(2);
            assertThat(other.output()).contains(socket.toString()).contains("Permission denied");
            Result otherTcp =
                    psql(List.of("runuser", "-u", "nobody", "--"), "127.0.0.1", "flywheel", null);
            assertThat(otherTcp.exit()).as(otherTcp.output()).isEqualTo(2);
            assertThat(otherTcp.output()).contains("no password supplied");
        }
    }

    @Test
    void aClusterWhosePgHbaTrustedLoginsRequiresPasswordsAfterItsNextStart() throws Exception {
        start();
        pg.stop();
        // As clusters made by earlier versions were: trust on the socket (then in /tmp).
        Files.writeString(
                dir.resolve("data/pg_hba.conf"),
                "local all all trust\nhost all all 127.0.0.1/32 trust\n");
        start();

        jdbcWithoutPasswordIsRefused("postgres");
        jdbcWithoutPasswordIsRefused("flywheel");
        assertThat(pg.healthy()).isTrue();
        Assumptions.assumeTrue(onPath("psql"), "psql is not installed");
        Result local = psql(List.of(), dir.resolve("socket").toString(), "postgres", null);
        assertThat(local.exit()).as(local.output()).isEqualTo(2);
        assertThat(local.output()).contains("no password supplied");
    }

    @Test
    void aSocketPathPastTheLimitFallsBackToAShortDirectoryOrFailsAndSaysWhy() throws Exception {
        int port = 54321;
        String base = dir.toAbsolutePath().toString();
        // Room for "/socket/.s.PGSQL.54321" (22 bytes) is missing, for "/s/.s.PGSQL.54321" (17)
        // just.
        Path tight = Path.of(base, "x".repeat(107 - base.length() - 1 - 17));
        PostgresServer fallback =
                new PostgresServer(
                        new PostgresServer.Spec(
                                "127.0.0.1",
                                port,
                                tight,
                                null,
                                "flywheel",
                                "flywheel",
                                Secret.of(PASSWORD)));
        Path s = fallback.socketDirectory();
        assertThat(s).isEqualTo(tight.resolve("s"));
        assertThat(s.resolve(".s.PGSQL." + port).toString().length()).isEqualTo(107);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(s)))
                .isEqualTo("rwx------");

        Path tooLong = Path.of(base, "y".repeat(107 - base.length() - 1 - 16));
        PostgresServer refused =
                new PostgresServer(
                        new PostgresServer.Spec(
                                "127.0.0.1",
                                port,
                                tooLong,
                                null,
                                "flywheel",
                                "flywheel",
                                Secret.of(PASSWORD)));
        assertThatThrownBy(refused::socketDirectory)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("longer than 107 bytes")
                .hasMessageContaining("use a shorter data directory");
        assertThatThrownBy(() -> refused.start(false, Duration.ofSeconds(10)))
                .hasMessageContaining("longer than 107 bytes");
    }
}
