package io.flywheel.batch.ingest;

import io.flywheel.batch.lake.Codecs;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.Envelope;
import io.flywheel.schemas.Envelopes;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Turns Kafka records into bronze rows: the raw bytes and Kafka coordinates as received, plus the
 * decoded envelope so bronze can be partitioned by event date and type. A record that does not
 * decode is kept all the same (event type {@value #UNDECODABLE}, the reason in {@code
 * decode_error}): bronze loses nothing; curation quarantines it.
 */
public final class BronzeDecoder implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    public static final String UNDECODABLE = "_undecodable";

    /** Bronze before the date partition column is derived from {@code event_time}. */
    public static final StructType SCHEMA =
            new StructType()
                    .add("topic", DataTypes.StringType, false)
                    .add("kafka_partition", DataTypes.IntegerType, false)
                    .add("kafka_offset", DataTypes.LongType, false)
                    .add("kafka_timestamp", DataTypes.TimestampType, true)
                    .add("key", DataTypes.StringType, true)
                    .add("value", DataTypes.BinaryType, true)
                    .add("event_id", DataTypes.StringType, true)
                    .add("event_type", DataTypes.StringType, false)
                    .add("event_time", DataTypes.LongType, true)
                    .add("producer", DataTypes.StringType, true)
                    .add("trace_id", DataTypes.StringType, true)
                    .add("decode_error", DataTypes.StringType, true);

    @Override
    public Iterator<Row> call(Iterator<Row> records) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public Row next() {
                return decode(records.next());
            }
        };
    }

    static Row decode(Row kafka) {
        byte[] keyBytes = kafka.getAs("key");
        byte[] value = kafka.getAs("value");
        Timestamp ts = kafka.getAs("timestamp");
        String key = keyBytes == null ? null : new String(keyBytes, StandardCharsets.UTF_8);
        DecodeResult result = Codecs.shared().decode(value);
        if (result instanceof DecodeResult.Decoded d) {
            Envelope e = Envelopes.of(d.event());
            return RowFactory.create(
                    kafka.getAs("topic"),
                    kafka.getAs("partition"),
                    kafka.getAs("offset"),
                    ts,
                    key,
                    value,
                    e.getEventId(),
                    d.type().recordName(),
                    e.getEventTime(),
                    e.getProducer(),
                    e.getTraceId(),
                    null);
        }
        DecodeResult.Failed f = (DecodeResult.Failed) result;
        return RowFactory.create(
                kafka.getAs("topic"),
                kafka.getAs("partition"),
                kafka.getAs("offset"),
                ts,
                key,
                value,
                null,
                UNDECODABLE,
                ts == null ? null : ts.getTime(),
                null,
                null,
                f.kind() + ": " + f.reason());
    }
}
