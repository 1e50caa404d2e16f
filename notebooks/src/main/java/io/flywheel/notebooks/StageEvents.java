package io.flywheel.notebooks;

import io.flywheel.batch.lake.Lake;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.StageCompleted;
import io.flywheel.schemas.StageFailed;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The render pipeline's stage attempts as the lake's bronze table holds them (StageCompleted and
 * StageFailed, decoded with the released schemas): latency, cost and failure reason of each.
 */
public final class StageEvents {
    private StageEvents() {}

    /** One attempt of one stage of one content job. */
    public record Attempt(
            String jobId,
            String stage,
            String provider,
            int attempt,
            long latencyMs,
            long costMicroUsd,
            boolean failed,
            String errorClass,
            long eventTime) {}

    public static List<Attempt> read(Flywheel fw) {
        EventCodec codec = EventCodec.standard();
        List<Attempt> out = new ArrayList<>();
        List<Row> rows =
                fw.delta(Lake.BRONZE_EVENTS)
                        .where(functions.col("event_type").isin("StageCompleted", "StageFailed"))
                        .select("value")
                        .collectAsList();
        for (Row r : rows) {
            if (codec.decode(r.getAs("value")) instanceof DecodeResult.Decoded d) {
                if (d.event() instanceof StageCompleted c) {
                    out.add(
                            new Attempt(
                                    c.getJobId().toString(),
                                    c.getStage().name(),
                                    c.getProvider().toString(),
                                    c.getAttempt(),
                                    c.getLatencyMs(),
                                    c.getCostMicroUsd(),
                                    false,
                                    null,
                                    c.getEnvelope().getEventTime()));
                } else if (d.event() instanceof StageFailed f) {
                    out.add(
                            new Attempt(
                                    f.getJobId().toString(),
                                    f.getStage().name(),
                                    f.getProvider().toString(),
                                    f.getAttempt(),
                                    f.getLatencyMs(),
                                    f.getCostMicroUsd(),
                                    true,
                                    f.getErrorClass().toString(),
                                    f.getEnvelope().getEventTime()));
                }
            }
        }
        return out;
    }
}
