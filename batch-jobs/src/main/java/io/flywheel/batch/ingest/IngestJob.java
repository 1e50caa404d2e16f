package io.flywheel.batch.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.to_date;

import io.flywheel.batch.lake.DeltaWrites;
import io.flywheel.batch.lake.Lake;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka → {@code bronze/events}. A Structured Streaming query with {@code Trigger.AvailableNow}:
 * each run reads what arrived since the last one (the checkpoint holds the offsets), writes it and
 * stops. The Delta sink commits each micro-batch with its batch id, so a run that dies after
 * writing but before checkpointing does not write the batch twice: every record lands once. It
 * reads with {@code read_committed}, so records of aborted Kafka transactions are never ingested.
 */
public final class IngestJob {
    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

    /** Spark passes {@code kafka.}-prefixed options to its Kafka consumer and admin client. */
    static final String KAFKA_ISOLATION_LEVEL = "kafka.isolation.level";

    static final String READ_COMMITTED = "read_committed";

    private final SparkSession spark;
    private final Lake lake;
    private final String bootstrapServers;
    private final List<String> topics;

    public IngestJob(SparkSession spark, Lake lake, String bootstrapServers, List<String> topics) {
        this.spark = spark;
        this.lake = lake;
        this.bootstrapServers = bootstrapServers;
        this.topics = List.copyOf(topics);
    }

    /** The pure part: Kafka's rows (key, value, topic, partition, offset, timestamp) → bronze. */
    public static Dataset<Row> toBronze(Dataset<Row> kafkaRows) {
        return kafkaRows
                .select("key", "value", "topic", "partition", "offset", "timestamp")
                .mapPartitions(new BronzeDecoder(), Encoders.row(BronzeDecoder.SCHEMA))
                .withColumn("event_date", to_date(timestamp_millis(col("event_time"))));
    }

    /** Ingests everything available now, then returns the number of rows written by this run. */
    public long run() throws TimeoutException, StreamingQueryException {
        String table = lake.table(Lake.BRONZE_EVENTS);
        long before = DeltaWrites.version(spark, table);
        Dataset<Row> kafka =
                spark.readStream()
                        .format("kafka")
                        .option("kafka.bootstrap.servers", bootstrapServers)
                        .option("subscribe", String.join(",", topics))
                        .option("startingOffsets", "earliest")
                        // Only what producers committed: records of an aborted transaction (a
                        // render worker's failed attempt, a Flink sink's rolled-back epoch) are
                        // not events and never reach bronze.
                        .option(KAFKA_ISOLATION_LEVEL, READ_COMMITTED)
                        // Records removed by retention before a run are gone from Kafka anyway;
                        // say so in the log rather than stop ingesting everything else.
                        .option("failOnDataLoss", "false")
                        .option("maxOffsetsPerTrigger", "500000")
                        .load();
        StreamingQuery query =
                toBronze(kafka)
                        .writeStream()
                        .queryName("ingest-bronze")
                        .format("delta")
                        .outputMode("append")
                        .partitionBy("event_date", "event_type")
                        .option("checkpointLocation", lake.ingestCheckpoint())
                        .trigger(Trigger.AvailableNow())
                        .start(lake.table(Lake.BRONZE_EVENTS));
        query.awaitTermination();
        // Counted from the commits this run made (the progress reports are asynchronous).
        long rows = DeltaWrites.rowsWrittenSince(spark, table, before);
        LOG.info("ingested {} records from {} into {}", rows, topics, Lake.BRONZE_EVENTS);
        return rows;
    }
}
