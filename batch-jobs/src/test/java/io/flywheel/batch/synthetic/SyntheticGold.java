package io.flywheel.batch.synthetic;

import io.flywheel.batch.model.SparkFeatures;
import io.flywheel.model.Arm;
import io.flywheel.schemas.ContentParameters;
import java.util.Iterator;
import java.util.Random;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Gold-shaped rows (the columns training reads) with outcomes from {@link PlantedSignal}, made in
 * parallel by Spark: each partition has its own seeded generator, so a size and seed always give
 * the same table.
 */
public final class SyntheticGold implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    static final long START = 1_700_000_000_000L;

    public static final StructType SCHEMA =
            SparkFeatures.schema()
                    .add("published_at", DataTypes.LongType)
                    .add("horizon_reached", DataTypes.BooleanType)
                    .add("objective_value", DataTypes.DoubleType)
                    // The planted expected outcome without noise: how far a model is from the
                    // truth, which the validation RMSE (noise sd 40 on top) hardly shows.
                    .add("expected_value", DataTypes.DoubleType);

    private final long seed;

    SyntheticGold(long seed) {
        this.seed = seed;
    }

    public static Dataset<Row> rows(SparkSession spark, long n, int partitions, long seed) {
        return spark.range(0, n, 1, partitions)
                .toDF("id")
                .mapPartitions(new SyntheticGold(seed), Encoders.row(SCHEMA))
                // gold also has each summed metric by name; training reads its objective's column
                .withColumn("engaged_views", org.apache.spark.sql.functions.col("objective_value"));
    }

    @Override
    public Iterator<Row> call(Iterator<Row> ids) {
        Random r = new Random(seed * 1_000_003L + TaskContext.getPartitionId());
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return ids.hasNext();
            }

            @Override
            public Row next() {
                long id = ids.next().getLong(0);
                ContentParameters p = PlantedSignal.randomArm(r);
                return SparkFeatures.row(
                        Arm.fromAvro(p),
                        START + id * 60_000L,
                        true,
                        (double) PlantedSignal.observe(p, r),
                        PlantedSignal.expected(p));
            }
        };
    }
}
