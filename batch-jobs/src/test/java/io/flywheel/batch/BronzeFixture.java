package io.flywheel.batch;

import io.flywheel.batch.ingest.IngestJob;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.EventType;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Literal Kafka rows (as the Kafka source gives them) for tests of the jobs after ingest. */
public final class BronzeFixture {
    public static final StructType KAFKA =
            new StructType()
                    .add("key", DataTypes.BinaryType)
                    .add("value", DataTypes.BinaryType)
                    .add("topic", DataTypes.StringType)
                    .add("partition", DataTypes.IntegerType)
                    .add("offset", DataTypes.LongType)
                    .add("timestamp", DataTypes.TimestampType);

    private final List<Row> rows = new ArrayList<>();
    private final EventCodec codec = EventCodec.standard();
    private long offset;

    public BronzeFixture add(List<SpecificRecord> events) {
        for (SpecificRecord e : events) {
            add(e);
        }
        return this;
    }

    public BronzeFixture add(SpecificRecord e) {
        EventType type = EventType.of(e);
        return raw(type.topic().name("flywheel."), type.keyOf(e), codec.encode(e));
    }

    public BronzeFixture raw(String topic, String key, byte[] value) {
        rows.add(
                RowFactory.create(
                        key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        value,
                        topic,
                        0,
                        offset++,
                        new Timestamp(1_700_000_000_000L + offset)));
        return this;
    }

    public Dataset<Row> bronze(SparkSession spark) {
        return IngestJob.toBronze(spark.createDataFrame(rows, KAFKA));
    }

    /** Appends everything added since the last write to the bronze table at {@code path}. */
    public void appendTo(SparkSession spark, String path) {
        bronze(spark).write().format("delta").mode("append").save(path);
        rows.clear();
    }
}
