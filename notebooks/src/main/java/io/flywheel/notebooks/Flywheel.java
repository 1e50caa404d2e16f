package io.flywheel.notebooks;

import io.flywheel.batch.SparkSessions;
import io.flywheel.batch.db.Jdbc;
import io.flywheel.batch.lake.Lake;
import io.flywheel.batch.registry.ModelRecord;
import io.flywheel.batch.registry.ModelRegistry;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What a notebook reads: the Delta lake (through Spark in this JVM) and the serving PostgreSQL, as
 * the Flywheel configuration names them (the same keys and environment variables as every process).
 * {@code ./flywheel notebooks} points them at the embedded default's data directory, or at the
 * sample it prepared.
 */
public final class Flywheel {
    /** Set by the runner when the data is the prepared sample (planted truth known). */
    public static final String SAMPLE_ENV = "FLYWHEEL_NOTEBOOKS_SAMPLE";

    private final FlywheelConfig config;
    private final Lake lake;
    private final Jdbc jdbc;
    private final boolean sample;
    private SparkSession spark;

    private Flywheel(FlywheelConfig config, boolean sample) {
        this.config = config;
        this.lake = new Lake(config.batch().lakeDir());
        this.jdbc = Jdbc.of(config.postgres());
        this.sample = sample;
    }

    public static Flywheel open() {
        return new Flywheel(
                ConfigLoader.fromEnvironment(Map.of()), "true".equals(System.getenv(SAMPLE_ENV)));
    }

    /** Where the data comes from, for the first cell of every notebook. */
    public String describe() {
        return "lake: "
                + lake.root()
                + (sample ? " (the sample prepared by ./flywheel notebooks)" : "")
                + "\nPostgreSQL: "
                + jdbc.url()
                + "\nmodels: "
                + config.batch().modelDir();
    }

    public boolean isSample() {
        return sample;
    }

    /** The model the TrainJob trains: {@code <objective>-<horizon>h}. */
    public String modelName() {
        return config.batch().objective() + "-" + config.batch().horizonHours() + "h";
    }

    public FlywheelConfig config() {
        return config;
    }

    public Lake lake() {
        return lake;
    }

    public synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSessions.create("local[2]", "flywheel-notebook");
        }
        return spark;
    }

    public boolean exists(String table) {
        return Files.isDirectory(Path.of(lake.table(table)).resolve("_delta_log"));
    }

    public Dataset<Row> delta(String table) {
        return spark().read().format("delta").load(lake.table(table));
    }

    /** The table as it was at a Delta version (time travel). */
    public Dataset<Row> delta(String table, long version) {
        return spark().read()
                .format("delta")
                .option("versionAsOf", version)
                .load(lake.table(table));
    }

    /** A Delta table's commits, newest first. */
    public Dataset<Row> history(String table) {
        return spark().sql("DESCRIBE HISTORY delta.`" + lake.table(table).replace("`", "") + "`");
    }

    /** A parameterised query on the serving database. */
    public Rows query(String sql, Object... params) {
        try (Connection c = jdbc.connect()) {
            return Rows.query(c, sql, params);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "query failed on " + jdbc.url() + ": " + e.getMessage(), e);
        }
    }

    public ModelRegistry registry() {
        return new ModelRegistry(jdbc);
    }

    public Path modelDir(ModelRecord m) {
        return Path.of(URI.create(m.artifactUri()));
    }
}
