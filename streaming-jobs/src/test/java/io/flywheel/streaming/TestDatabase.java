package io.flywheel.streaming;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.store.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;

/** A fresh database on the shared test PostgreSQL, migrated by Flyway as in production. */
public final class TestDatabase {
    private TestDatabase() {}

    public static Jdbc.Target migrated(String prefix) throws Exception {
        String db = Ephemeral.database(prefix);
        Map<String, String> j = Ephemeral.jdbc(db);
        Jdbc.Target t = new Jdbc.Target(j.get("url"), j.get("user"), j.get("password"));
        try (HikariDataSource ds = Database.dataSource(t.url(), t.user(), t.password(), prefix)) {
            Database.migrate(ds);
        }
        return t;
    }

    public static Connection connect(Jdbc.Target t) throws Exception {
        return DriverManager.getConnection(t.url(), t.user(), t.password());
    }
}
