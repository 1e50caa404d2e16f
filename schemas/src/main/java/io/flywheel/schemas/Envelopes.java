package io.flywheel.schemas;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/** Makes envelopes: a fresh event id, the record name as event type, and the given trace. */
public final class Envelopes {
    private Envelopes() {}

    public static Envelope create(
            Class<? extends SpecificRecord> type, String producer, String traceId, long eventTime) {
        return Envelope.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventType(type.getSimpleName())
                .setEventTime(eventTime)
                .setProducer(producer)
                .setTraceId(traceId)
                .build();
    }

    /** A producer name that says which process on which host wrote an event. */
    public static String producerName(String process) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return process + "@" + host;
    }

    public static Envelope of(SpecificRecord event) {
        return (Envelope) event.get(event.getSchema().getField("envelope").pos());
    }
}
