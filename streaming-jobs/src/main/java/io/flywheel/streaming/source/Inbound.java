package io.flywheel.streaming.source;

import io.flywheel.streaming.engagement.ArmRequest;
import io.flywheel.streaming.engagement.Engagement;
import io.flywheel.streaming.engagement.Publication;
import io.flywheel.streaming.ops.RenderStep;

/**
 * One consumed Kafka record after decoding: exactly one field is set. Flink POJO (public fields, no
 * Avro objects) so records travel between operators with Flink's own fast serializers and
 * generic-types stay disabled.
 */
public class Inbound {
    public Engagement engagement;
    public Publication publication;
    public ArmRequest armRequest;
    public RenderStep renderStep;
    public DeadLetterRecord deadLetter;

    /** Event time (envelope), or the Kafka record timestamp for a dead letter. */
    public long eventTime;

    public Inbound() {}

    public boolean isDeadLetter() {
        return deadLetter != null;
    }
}
