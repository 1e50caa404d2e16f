package io.flywheel.batch.lake;

import io.flywheel.schemas.EventCodec;

/**
 * One {@link EventCodec} per executor JVM: it is thread-safe and building it parses every schema,
 * so tasks share it instead of making one per partition.
 */
public final class Codecs {
    private static final class Holder {
        static final EventCodec CODEC = EventCodec.standard();
    }

    private Codecs() {}

    public static EventCodec shared() {
        return Holder.CODEC;
    }
}
