package io.flywheel.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.PostgresSettings;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

/** Connects to PostgreSQL and brings its schema up to date. */
public final class Database {
    private Database() {}

    /** A small connection pool for the configured database. Close it when the process stops. */
    public static HikariDataSource dataSource(PostgresSettings pg, String poolName) {
        return dataSource(pg.jdbcUrl(), pg.user(), pg.password().reveal(), poolName);
    }

    public static HikariDataSource dataSource(
            String jdbcUrl, String user, String password, String poolName) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl);
        c.setUsername(user);
        c.setPassword(password);
        c.setPoolName(poolName);
        c.setMaximumPoolSize(8);
        c.setMinimumIdle(1);
        c.setConnectionTimeout(10_000);
        return new HikariDataSource(c);
    }

    /**
     * Applies the pending migrations of every module. Out-of-order is allowed because modules own
     * disjoint version ranges (see V1__foundation.sql) and may land in any order.
     */
    public static MigrateResult migrate(DataSource ds) {
        return Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .outOfOrder(true)
                .validateMigrationNaming(true)
                .load()
                .migrate();
    }

    public static Jdbi jdbi(DataSource ds) {
        return Jdbi.create(ds).installPlugin(new PostgresPlugin());
    }
}
