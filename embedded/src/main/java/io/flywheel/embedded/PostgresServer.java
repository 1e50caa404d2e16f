package io.flywheel.embedded;

import io.flywheel.config.Secret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from the embedded binaries on Maven Central (no system install; as root
 * it runs in a user namespace, as the binaries' launcher arranges). Data survives restarts. Every
 * role needs its password (SCRAM), over TCP and over the Unix socket, whose directory below {@code
 * dir} is open to its owner only; the superuser's password is generated before the cluster is
 * initialised and kept in a 0600 file beside the data, never printed.
 */
public final class PostgresServer {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String SUPERUSER = "postgres";

    /** sun_path holds 108 bytes with the terminating NUL. */
    static final int MAX_SOCKET_PATH = 107;

    /**
     * @param dir holds {@code data/} (the cluster), {@code bin/} (unpacked binaries, unless binDir
     *     says otherwise) and the superuser secret
     * @param binDir where the binaries are unpacked; shared between test runs to save seconds
     */
    public record Spec(
            String host,
            int port,
            Path dir,
            Path binDir,
            String database,
            String user,
            Secret password) {
        public String jdbcUrl() {
            return jdbcUrl(database);
        }

        public String jdbcUrl(String db) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + db;
        }

        Path dataDir() {
            return dir.resolve("data");
        }

        Path superuserSecret() {
            return dir.resolve("superuser.secret");
        }
    }

    private final Spec spec;
    private EmbeddedPostgres running;

    public PostgresServer(Spec spec) {
        requireIdentifier(spec.user());
        requireIdentifier(spec.database());
        this.spec = spec;
    }

    public Spec spec() {
        return spec;
    }

    /** The postmaster, from the pid file PostgreSQL itself keeps. */
    public Optional<ProcessHandle> process() {
        return new PidFile(spec.dataDir().resolve("postmaster.pid")).liveProcess();
    }

    /**
     * Starts the server (initialising the cluster on first start), then makes sure the configured
     * role and database exist and the role has the configured password.
     *
     * @param detached keep running after this JVM exits; otherwise stop it at JVM exit
     */
    public synchronized void start(boolean detached, Duration timeout) {
        if (process().isPresent()) {
            throw new IllegalStateException(
                    "PostgreSQL already running as pid " + process().get().pid());
        }
        try {
            Files.createDirectories(spec.dataDir());
            boolean fresh = !Files.exists(spec.dataDir().resolve("postgresql.conf"));
            Secret superPassword = fresh ? newSuperuserSecret() : readSuperuserSecret();
            Path log = spec.dir().resolve("postgres.out");
            Path socketDir = socketDirectory();
            EmbeddedPostgres.Builder b =
                    EmbeddedPostgres.builder()
                            .setDataDirectory(spec.dataDir())
                            .setCleanDataDirectory(false)
                            .setPort(spec.port())
                            .setRegisterShutdownHook(!detached)
                            .setPGStartupWait(timeout)
                            .setServerConfig("listen_addresses", spec.host())
                            .setServerConfig("unix_socket_directories", socketDir.toString())
                            .setServerConfig("unix_socket_permissions", "0700")
                            .setServerConfig("max_connections", "200")
                            // The library turns it off for test speed; then a crash loses commits
                            // already acknowledged (KPI upserts, job rows, the run history).
                            .setServerConfig("synchronous_commit", "on")
                            .setServerConfig("shared_buffers", "128MB")
                            .setServerConfig("logging_collector", "on")
                            .setServerConfig("log_directory", spec.dir().resolve("log").toString())
                            // Passed to initdb as --auth/--pwfile (later options win over its own
                            // -A trust): the superuser has its password from the very first start.
                            .setLocaleConfig("auth", "scram-sha-256")
                            .setLocaleConfig("pwfile", spec.superuserSecret().toString())
                            // After initdb, before every start: not even one start trusts anyone.
                            .setDataDirectoryCustomizer(data -> writeHba())
                            .setConnectConfig("password", superPassword.reveal())
                            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
            if (spec.binDir() != null) {
                Files.createDirectories(spec.binDir());
                b.setOverrideWorkingDirectory(spec.binDir().toFile());
            }
            running = b.start();
            releaseDirectoryLock(running);
            try (Connection c = superuserConnection(superPassword)) {
                ensureRoleAndDatabase(c);
            }
            LOG.info("PostgreSQL ready at {} (data {})", spec.jdbcUrl(), spec.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL in " + spec.dir(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL started but could not be set up", e);
        }
    }

    /**
     * The embedded library keeps a file lock on the data directory for as long as its object lives,
     * so a server killed while the JVM that started it still runs (the demo's, or {@code up
     * --foreground}) could not be started again by the supervisor. PostgreSQL's own {@code
     * postmaster.pid} already refuses a second server on one directory, and {@code up}'s startup
     * lock serialises starts, so the library's lock is given up once the server runs.
     */
    private static void releaseDirectoryLock(EmbeddedPostgres pg) {
        try {
            java.lang.reflect.Field f = EmbeddedPostgres.class.getDeclaredField("lock");
            f.setAccessible(true);
            java.nio.channels.FileLock lock = (java.nio.channels.FileLock) f.get(pg);
            if (lock != null) {
                lock.release();
            }
        } catch (ReflectiveOperationException | IOException e) {
            LOG.warn("cannot release the embedded library's data-directory lock: {}", e.toString());
        }
    }

    /** Fast shutdown: open sessions are ended, the data is flushed. */
    public synchronized void stop() {
        if (running != null) {
            // Started here: pg_ctl stop, and the data-directory lock is released for a restart.
            try {
                running.close();
            } catch (IOException e) {
                LOG.warn("pg_ctl stop failed", e);
            }
            running = null;
        }
        Optional<ProcessHandle> p = process();
        if (p.isEmpty()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-s", "INT", Long.toString(p.get().pid()))
                    .inheritIO()
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
            p.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("PostgreSQL did not stop in time; killing it", e);
            p.get().destroyForcibly();
        }
    }

    /** Whether the configured role can log in and run a query (asked twice, for busy machines). */
    public boolean healthy() {
        return answers() || answers();
    }

    private boolean answers() {
        try (Connection c = connect(spec.database());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }

    public ServiceState state() {
        Optional<Long> pid = process().map(ProcessHandle::pid);
        boolean healthy = pid.isPresent() && healthy();
        String detail =
                pid.isEmpty()
                        ? "not running"
                        : healthy ? "PostgreSQL " + serverVersion() : "not answering";
        return new ServiceState(
                "postgres",
                pid,
                spec.host() + ":" + spec.port(),
                healthy,
                detail,
                DirectorySize.of(spec.dataDir()));
    }

    /** A connection as the configured role. */
    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.put("user", spec.user());
        props.put("password", spec.password().reveal());
        props.put("loginTimeout", "5");
        props.put("connectTimeout", "5");
        return DriverManager.getConnection(spec.jdbcUrl(database), props);
    }

    /** Creates a database owned by the configured role (tests use one per class to stay apart). */
    public void createDatabase(String name) {
        requireIdentifier(name);
        try (Connection c = superuserConnection(readSuperuserSecret())) {
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", name)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + name + " OWNER " + spec.user());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    private String serverVersion() {
        try (Connection c = connect(spec.database());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW server_version")) {
            return rs.next() ? rs.getString(1) : "?";
        } catch (SQLException e) {
            return "?";
        }
    }

    private Connection superuserConnection(Secret password) throws SQLException {
        Properties props = new Properties();
        props.put("user", SUPERUSER);
        props.put("password", password.reveal());
        props.put("loginTimeout", "5");
        return DriverManager.getConnection(spec.jdbcUrl("postgres"), props);
    }

    private void ensureRoleAndDatabase(Connection c) throws SQLException {
        // Identifiers cannot be bound as parameters; both were checked against IDENTIFIER.
        if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", spec.user())) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE ROLE " + spec.user() + " LOGIN");
            }
        }
        // SCRAM is computed in the driver: the password never travels in an SQL statement.
        c.unwrap(PGConnection.class)
                .alterUserPassword(spec.user(), spec.password().reveal().toCharArray(), null);
        if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", spec.database())) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + spec.database() + " OWNER " + spec.user());
            }
        }
    }

    private static boolean exists(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** No role logs in without its password (SCRAM), over TCP or the Unix socket alike. */
    static final List<String> HBA =
            List.of(
                    "# Written by Flywheel at every start: every login needs its password (SCRAM),",
                    "# the superuser's too, over the Unix socket as over TCP.",
                    "local all all scram-sha-256",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256",
                    "host all all 0.0.0.0/0 scram-sha-256",
                    "host all all ::/0 scram-sha-256",
                    "");

    private void writeHba() {
        try {
            Files.writeString(spec.dataDir().resolve("pg_hba.conf"), String.join("\n", HBA));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pg_hba.conf in " + spec.dataDir(), e);
        }
    }

    /**
     * The Unix socket's directory, below {@code dir} and open to its owner only (PostgreSQL makes
     * the socket 0700 too). A socket path must fit in 107 bytes: {@code socket/}, else the shorter
     * {@code s/}; beyond that the start fails and says so.
     */
    Path socketDirectory() throws IOException {
        Path chosen = null;
        for (String name : List.of("socket", "s")) {
            Path d = spec.dir().toAbsolutePath().resolve(name);
            if (socketPath(d).getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH) {
                chosen = d;
                break;
            }
        }
        if (chosen == null) {
            throw new IllegalStateException(
                    "PostgreSQL's Unix socket "
                            + socketPath(spec.dir().toAbsolutePath().resolve("s"))
                            + " would be longer than "
                            + MAX_SOCKET_PATH
                            + " bytes, the operating system's limit; use a shorter data"
                            + " directory (FLYWHEEL_DATA_DIR)");
        }
        Files.createDirectories(chosen);
        Files.setPosixFilePermissions(chosen, PosixFilePermissions.fromString("rwx------"));
        return chosen;
    }

    private String socketPath(Path dir) {
        return dir.resolve(".s.PGSQL." + spec.port()).toString();
    }

    private Secret newSuperuserSecret() throws IOException {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Path f = spec.superuserSecret();
        Files.deleteIfExists(f);
        Files.createFile(
                f,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(f, secret);
        return Secret.of(secret);
    }

    private Secret readSuperuserSecret() {
        try {
            return Secret.of(Files.readString(spec.superuserSecret()).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "the superuser secret " + spec.superuserSecret() + " is missing", e);
        }
    }

    private static void requireIdentifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "'" + name + "' is not a plain lower-case PostgreSQL identifier");
        }
    }
}
