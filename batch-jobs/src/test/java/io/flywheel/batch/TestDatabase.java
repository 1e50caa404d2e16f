package io.flywheel.batch;

import io.flywheel.batch.db.Jdbc;
import io.flywheel.config.ConfigLoader;
import io.flywheel.embedded.Ephemeral;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * A fresh database on the shared test PostgreSQL with the batch jobs' migrations (V20-V29 of
 * store/src/main/resources/db/migration) applied in version order, as Flyway would.
 */
public final class TestDatabase {
    private TestDatabase() {}

    public static Jdbc create(String prefix) {
        String db = Ephemeral.database(prefix);
        Map<String, String> j = Ephemeral.jdbc(db);
        Jdbc jdbc = new Jdbc(j.get("url"), j.get("user"), j.get("password"));
        Path dir =
                ConfigLoader.homeFrom(System.getenv())
                        .resolve("store/src/main/resources/db/migration");
        try (var files = Files.list(dir);
                Connection c = jdbc.connect();
                Statement s = c.createStatement()) {
            List<Path> mine =
                    files.filter(p -> p.getFileName().toString().matches("V2\\d__.*\\.sql"))
                            .sorted()
                            .toList();
            for (Path p : mine) {
                s.execute(Files.readString(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("migration failed", e);
        }
        return jdbc;
    }
}
