package io.flywheel.streaming;

import io.flywheel.config.ConfigLoader;
import io.flywheel.embedded.Ephemeral;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A fresh database on the shared test PostgreSQL with this module's migrations (V10-V19) applied,
 * from the very files Flyway runs in production.
 */
public final class TestDatabase {
    private TestDatabase() {}

    public static Jdbc.Target migrated(String prefix) throws Exception {
        String db = Ephemeral.database(prefix);
        Map<String, String> j = Ephemeral.jdbc(db);
        Jdbc.Target t = new Jdbc.Target(j.get("url"), j.get("user"), j.get("password"));
        Path dir =
                ConfigLoader.homeFrom(System.getenv())
                        .resolve("store/src/main/resources/db/migration");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files =
                    s.filter(p -> p.getFileName().toString().matches("V1\\d__.*\\.sql"))
                            .sorted()
                            .toList();
        }
        try (Connection c = connect(t);
                Statement st = c.createStatement()) {
            for (Path f : files) {
                st.execute(Files.readString(f));
            }
        }
        return t;
    }

    public static Connection connect(Jdbc.Target t) throws Exception {
        return DriverManager.getConnection(t.url(), t.user(), t.password());
    }
}
