package io.flywheel.batch.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;

import io.flywheel.model.ParameterTable;
import org.apache.spark.sql.Column;

/**
 * The canonical arm key of {@link io.flywheel.model.Arm#armKey()} (every content parameter in the
 * table's order joined with {@code |}, e.g. {@code
 * TIKTOK|fitness|POV|FAST|30|en-us+f3|UPBEAT|WORD_HIGHLIGHT|BOLD|18}) as a Spark column, so gold's
 * {@code arm_key} joins {@code content_jobs.arm_key} in PostgreSQL.
 */
public final class ArmKey {
    /** The parameters besides the segment's platform and niche, in the table's order. */
    public static final String[] PARAMETERS =
            ParameterTable.chosen().stream()
                    .map(io.flywheel.model.Parameter::name)
                    .toArray(String[]::new);

    private ArmKey() {}

    public static Column column() {
        return concat_ws(
                "|",
                ParameterTable.names().stream()
                        .map(n -> col(n).cast("string"))
                        .toArray(Column[]::new));
    }
}
