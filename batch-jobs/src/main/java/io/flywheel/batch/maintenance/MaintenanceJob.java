package io.flywheel.batch.maintenance;

import io.delta.tables.DeltaTable;
import io.flywheel.batch.lake.DeltaWrites;
import io.flywheel.batch.lake.Lake;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts every Delta table of the lake ({@code OPTIMIZE}: small files into large ones) and then
 * vacuums files no version within the retention needs. The retention is never below 7 days (Delta's
 * own safety default), so a running reader or a time-travel re-training of last week's model still
 * finds its files.
 */
public final class MaintenanceJob {
    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceJob.class);
    public static final int MIN_RETENTION_HOURS = 168;

    /** Files a reader of the latest version touches, before and after compaction. */
    public record TableResult(String table, int filesBefore, int filesAfter) {}

    private final SparkSession spark;
    private final Lake lake;
    private final int retentionHours;

    public MaintenanceJob(SparkSession spark, Lake lake, int retentionHours) {
        if (retentionHours < MIN_RETENTION_HOURS) {
            throw new IllegalArgumentException(
                    "vacuum retention must be at least "
                            + MIN_RETENTION_HOURS
                            + " hours (time travel and running readers need older files), not "
                            + retentionHours);
        }
        this.spark = spark;
        this.lake = lake;
        this.retentionHours = retentionHours;
    }

    public List<TableResult> run() {
        List<TableResult> out = new ArrayList<>();
        for (String name : Lake.TABLES) {
            String path = lake.table(name);
            if (!DeltaWrites.exists(spark, path)) {
                continue;
            }
            int before = files(path);
            DeltaTable table = DeltaTable.forPath(spark, path);
            table.optimize().executeCompaction();
            table.vacuum(retentionHours);
            int after = files(path);
            LOG.info("{}: {} files -> {}", name, before, after);
            out.add(new TableResult(name, before, after));
        }
        return out;
    }

    private int files(String path) {
        return spark.read().format("delta").load(path).inputFiles().length;
    }
}
