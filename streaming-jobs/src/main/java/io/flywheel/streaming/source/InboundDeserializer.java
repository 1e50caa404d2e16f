package io.flywheel.streaming.source;

import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.DeadLetter;
import io.flywheel.schemas.DeadLetters;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.EventType;
import io.flywheel.schemas.FailureKind;
import io.flywheel.schemas.StageCompleted;
import io.flywheel.schemas.StageFailed;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.VideoRendered;
import io.flywheel.streaming.engagement.ArmRequest;
import io.flywheel.streaming.engagement.Engagement;
import io.flywheel.streaming.engagement.Publication;
import io.flywheel.streaming.ops.RenderStep;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes Kafka records with the schemas codec into {@link Inbound}. Bytes that do not decode, fail
 * validation, or hold an event type this job does not expect become a {@link DeadLetterRecord}
 * carrying the reason and the original bytes; decoding never fails the job. Decoding happens here,
 * inside the source, so that the event time is known for per-partition watermarks.
 */
public final class InboundDeserializer implements KafkaRecordDeserializationSchema<Inbound> {
    private static final long serialVersionUID = 1L;

    private final String consumer;
    private final EnumSet<EventType> accepted;
    private final EnumSet<EventType> ignored;
    private transient EventCodec codec;
    private transient EngagementBodyReader engagementReader;

    /** False only in tests that compare the fast path with the codec alone. */
    boolean fastEngagement = true;

    /**
     * @param consumer the name written into dead letters, e.g. {@code engagement-kpi-job}
     * @param accepted the event types this job reads
     * @param ignored valid event types that share the topic but this job has no use for (dropped
     *     silently, e.g. StageStarted for the cost job)
     */
    public InboundDeserializer(String consumer, Set<EventType> accepted, Set<EventType> ignored) {
        this.consumer = consumer;
        this.accepted = EnumSet.copyOf(accepted);
        this.ignored =
                ignored.isEmpty() ? EnumSet.noneOf(EventType.class) : EnumSet.copyOf(ignored);
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        openReaders();
    }

    private void openReaders() {
        codec = EventCodec.standard();
        engagementReader =
                fastEngagement && accepted.contains(EventType.ENGAGEMENT_OBSERVED)
                        ? new EngagementBodyReader()
                        : null;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Inbound> out) {
        if (codec == null) {
            openReaders();
        }
        if (engagementReader != null) {
            // The hot event of the current schema, read directly; anything else, the codec.
            Engagement e = engagementReader.read(record.value());
            if (e != null) {
                Inbound in = new Inbound();
                in.engagement = e;
                in.eventTime = e.eventTime;
                out.collect(in);
                return;
            }
        }
        DecodeResult result = codec.decode(record.value());
        if (result instanceof DecodeResult.Failed failed) {
            out.collect(deadLetter(record, failed));
            return;
        }
        DecodeResult.Decoded decoded = (DecodeResult.Decoded) result;
        if (ignored.contains(decoded.type())) {
            return;
        }
        if (!accepted.contains(decoded.type())) {
            out.collect(
                    deadLetter(
                            record,
                            new DecodeResult.Failed(
                                    FailureKind.INVALID,
                                    decoded.type().recordName()
                                            + " is not expected on "
                                            + record.topic()
                                            + " by "
                                            + consumer,
                                    record.value())));
            return;
        }
        Inbound in = new Inbound();
        switch (decoded.type()) {
            case ENGAGEMENT_OBSERVED -> {
                in.engagement = Engagement.of((EngagementObserved) decoded.event());
                in.eventTime = in.engagement.eventTime;
            }
            case VIDEO_PUBLISHED -> {
                in.publication = Publication.of((VideoPublished) decoded.event());
                in.eventTime = in.publication.eventTime;
            }
            case CONTENT_REQUESTED -> {
                in.armRequest = ArmRequest.of((ContentRequested) decoded.event());
                in.eventTime = in.armRequest.eventTime;
            }
            case STAGE_COMPLETED -> {
                in.renderStep = RenderStep.of((StageCompleted) decoded.event());
                in.eventTime = in.renderStep.eventTime;
            }
            case STAGE_FAILED -> {
                in.renderStep = RenderStep.of((StageFailed) decoded.event());
                in.eventTime = in.renderStep.eventTime;
            }
            case VIDEO_RENDERED -> {
                in.renderStep = RenderStep.of((VideoRendered) decoded.event());
                in.eventTime = in.renderStep.eventTime;
            }
            default ->
                    throw new IllegalStateException(
                            "accepted type without a mapping: " + decoded.type());
        }
        out.collect(in);
    }

    private Inbound deadLetter(ConsumerRecord<byte[], byte[]> record, DecodeResult.Failed failed) {
        DeadLetter letter =
                DeadLetters.of(
                        failed,
                        consumer,
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.key(),
                        System.currentTimeMillis());
        Inbound in = new Inbound();
        in.deadLetter =
                new DeadLetterRecord(
                        record.topic().getBytes(StandardCharsets.UTF_8),
                        codec.encode(letter),
                        failed.kind().name(),
                        letter.getReason());
        in.eventTime = record.timestamp();
        return in;
    }

    @Override
    public TypeInformation<Inbound> getProducedType() {
        return TypeInformation.of(Inbound.class);
    }
}
