package io.flywheel.notebooks;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.batch.db.Jdbc;
import io.flywheel.batch.lake.Lake;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.config.Secret;
import io.flywheel.embedded.FreePorts;
import io.flywheel.embedded.PostgresServer;
import io.flywheel.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code ./flywheel notebooks}: {@code kernelspec JUPYTER_DIR CLASSPATH} writes the Java kernel's
 * spec; {@code execute NOTEBOOKS_DIR OUT_DIR CLASSPATH [NAME]} runs the notebooks headless on the
 * embedded default's data, or on a sample it prepares when the lake has no gold table yet, and
 * writes the executed notebooks and their HTML to OUT_DIR. Exit code 1 when a cell raised.
 */
public final class NotebooksMain {
    private NotebooksMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("kernelspec")) {
            System.out.println(KernelSpec.write(Path.of(args[1]), args[2], "2g"));
            return;
        }
        if ((args.length == 4 || args.length == 5) && args[0].equals("execute")) {
            List<NotebookRunner.Result> results =
                    execute(
                            Path.of(args[1]),
                            Path.of(args[2]),
                            args[3],
                            args.length == 5 ? args[4] : "",
                            ConfigLoader.fromEnvironment(Map.of()));
            System.exit(
                    results.isEmpty()
                            ? 2
                            : results.stream().allMatch(NotebookRunner.Result::ok) ? 0 : 1);
        }
        System.err.println(
                "usage: NotebooksMain kernelspec JUPYTER_DIR CLASSPATH | execute NOTEBOOKS_DIR"
                        + " OUT_DIR CLASSPATH [NAME]");
        System.exit(2);
    }

    /**
     * Runs the notebooks whose file name starts with {@code name}, each to its executed copy and
     * HTML in {@code out}; an empty list when none matches.
     */
    public static List<NotebookRunner.Result> execute(
            Path notebooks, Path out, String classpath, String name, FlywheelConfig config)
            throws Exception {
        List<Path> selected = select(notebooks, name);
        if (selected.isEmpty()) {
            System.err.println("no notebook in " + notebooks + " matches '" + name + "'");
            return List.of();
        }
        Files.createDirectories(out);
        Map<String, String> env = new HashMap<>();
        PostgresServer started = null;
        Path lakeRoot = config.batch().lakeDir();
        if (Files.isDirectory(Path.of(new Lake(lakeRoot).table(Lake.GOLD_VIDEO_OUTCOMES)))) {
            System.out.println("Notebooks on the lake in " + lakeRoot);
            if (!reachable(Jdbc.of(config.postgres())) && config.postgres().embedded()) {
                started = defaultPostgres(config);
                System.out.println("Started the embedded PostgreSQL of " + config.dataDir());
            }
        } else {
            Path sample = out.resolve("sample");
            System.out.println(
                    "No gold table in "
                            + lakeRoot
                            + ": the notebooks run on a sample lake in "
                            + sample);
            started =
                    new PostgresServer(
                            new PostgresServer.Spec(
                                    "127.0.0.1",
                                    FreePorts.pick(),
                                    sample.resolve("postgres"),
                                    null,
                                    "flywheel",
                                    "flywheel",
                                    Secret.of(UUID.randomUUID().toString())));
            started.start(false, Duration.ofSeconds(90));
            PostgresServer.Spec s = started.spec();
            Jdbc jdbc = new Jdbc(s.jdbcUrl(), s.user(), s.password().reveal());
            try (HikariDataSource ds =
                    Database.dataSource(jdbc.url(), jdbc.user(), jdbc.password(), "notebooks")) {
                Database.migrate(ds);
            }
            Path marker = sample.resolve("prepared");
            if (!Files.exists(marker)) {
                System.out.println("Preparing the sample lake (a few minutes on two cores) ...");
                SampleLake.Prepared p = new SampleLake(400, 240).prepare(sample, jdbc);
                System.out.printf(
                        "Prepared: %d bronze records, %d model versions in %d s%n",
                        p.bronzeRecords(), p.modelVersions(), p.seconds());
                Files.writeString(marker, "ok\n");
            }
            env.put(ConfigLoader.envName("data.dir"), sample.toAbsolutePath().toString());
            env.put(ConfigLoader.envName("postgres.host"), s.host());
            env.put(ConfigLoader.envName("postgres.port"), Integer.toString(s.port()));
            env.put(ConfigLoader.envName("postgres.password"), s.password().reveal());
            env.put(Flywheel.SAMPLE_ENV, "true");
        }
        Path jupyter = out.resolve(".jupyter");
        KernelSpec.write(jupyter, classpath, "2g");
        NotebookRunner runner = new NotebookRunner(jupyter, env, Duration.ofMinutes(10));
        int failed = 0;
        long t0 = System.nanoTime();
        List<NotebookRunner.Result> results = new ArrayList<>();
        try {
            for (Path nb : selected) {
                NotebookRunner.Result r = runner.execute(nb, out);
                results.add(r);
                System.out.printf(
                        "%-28s %5.1f s  %2d charts  %s%n",
                        r.name(), r.seconds(), r.images(), r.ok() ? "ok" : "FAILED");
                r.errors().forEach(e -> System.out.println("    " + e));
                failed += r.ok() ? 0 : 1;
            }
        } finally {
            if (started != null) {
                started.stop();
            }
        }
        System.out.printf(
                "%d notebooks in %.0f s, %d failed; HTML in %s%n",
                selected.size(), (System.nanoTime() - t0) / 1e9, failed, out);
        return results;
    }

    static List<Path> select(Path dir, String name) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> out = new ArrayList<>();
            files.filter(p -> p.getFileName().toString().endsWith(".ipynb"))
                    .filter(p -> p.getFileName().toString().startsWith(name))
                    .sorted()
                    .forEach(out::add);
            return out;
        }
    }

    private static boolean reachable(Jdbc jdbc) {
        try (Connection c = DriverManager.getConnection(jdbc.url(), jdbc.user(), jdbc.password())) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static PostgresServer defaultPostgres(FlywheelConfig config) {
        PostgresServer pg =
                new PostgresServer(
                        new PostgresServer.Spec(
                                config.listenAddress(),
                                config.postgres().port(),
                                config.dataPath("postgres"),
                                config.dataPath("postgres", "bin"),
                                config.postgres().database(),
                                config.postgres().user(),
                                config.postgres().password()));
        pg.start(false, Duration.ofSeconds(90));
        return pg;
    }
}
