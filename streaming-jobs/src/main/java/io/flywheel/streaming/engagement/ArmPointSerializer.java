package io.flywheel.streaming.engagement;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes an {@link ArmPoint} as its window key, a kind byte, and either its {@link
 * EngagementSerializer engagement} or its minute and sums, without the reflection and per-field
 * null markers of Flink's POJO serializer. Arm points are never kept in state, so the format can
 * change between builds.
 */
public final class ArmPointSerializer extends TypeSerializerSingleton<ArmPoint> {
    private static final long serialVersionUID = 1L;

    public static final ArmPointSerializer INSTANCE = new ArmPointSerializer();

    private static final EngagementSerializer ENGAGEMENT = EngagementSerializer.INSTANCE;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    private static final byte ONE_EVENT = 0;
    private static final byte MINUTE_SUMS = 1;

    @Override
    public ArmPoint createInstance() {
        return new ArmPoint(null, new Engagement());
    }

    @Override
    public ArmPoint copy(ArmPoint from) {
        return copy(from, new ArmPoint());
    }

    @Override
    public ArmPoint copy(ArmPoint from, ArmPoint reuse) {
        reuse.armPlatform = from.armPlatform;
        reuse.minuteStart = from.minuteStart;
        if (from.engagement != null) {
            reuse.engagement =
                    reuse.engagement == null
                            ? ENGAGEMENT.copy(from.engagement)
                            : ENGAGEMENT.copy(from.engagement, reuse.engagement);
            reuse.sums = null;
        } else {
            reuse.engagement = null;
            reuse.sums = new EngagementSums();
            reuse.sums.copyFrom(from.sums);
        }
        return reuse;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ArmPoint p, DataOutputView out) throws IOException {
        StringValue.writeString(p.armPlatform, out);
        if (p.engagement != null) {
            out.writeByte(ONE_EVENT);
            ENGAGEMENT.serialize(p.engagement, out);
        } else {
            out.writeByte(MINUTE_SUMS);
            out.writeLong(p.minuteStart);
            writeSums(p.sums, out);
        }
    }

    @Override
    public ArmPoint deserialize(DataInputView in) throws IOException {
        return deserialize(new ArmPoint(), in);
    }

    @Override
    public ArmPoint deserialize(ArmPoint reuse, DataInputView in) throws IOException {
        reuse.armPlatform = StringValue.readString(in);
        byte kind = in.readByte();
        if (kind == ONE_EVENT) {
            reuse.engagement =
                    reuse.engagement == null
                            ? ENGAGEMENT.deserialize(in)
                            : ENGAGEMENT.deserialize(reuse.engagement, in);
            reuse.sums = null;
            reuse.minuteStart = 0;
        } else if (kind == MINUTE_SUMS) {
            reuse.engagement = null;
            reuse.minuteStart = in.readLong();
            // Fresh sums: the window function keeps what it merges only by value, but a reused
            // object must never be shared with a record still in flight.
            reuse.sums = readSums(in);
        } else {
            throw new IOException("unknown arm point kind " + kind);
        }
        return reuse;
    }

    private static void writeSums(EngagementSums s, DataOutputView out) throws IOException {
        out.writeLong(s.events);
        out.writeLong(s.views);
        out.writeLong(s.engagedViews);
        out.writeDouble(s.minutesWatched);
        out.writeDouble(s.viewPercentWeighted);
        out.writeLong(s.viewPercentViews);
        out.writeLong(s.likes);
        out.writeLong(s.comments);
        out.writeLong(s.shares);
        out.writeLong(s.subscribersGained);
        out.writeLong(s.subscribersLost);
        out.writeLong(s.impressions);
        out.writeLong(s.revenueMicroUsd);
        out.writeLong(s.revenueEvents);
    }

    private static EngagementSums readSums(DataInputView in) throws IOException {
        EngagementSums s = new EngagementSums();
        s.events = in.readLong();
        s.views = in.readLong();
        s.engagedViews = in.readLong();
        s.minutesWatched = in.readDouble();
        s.viewPercentWeighted = in.readDouble();
        s.viewPercentViews = in.readLong();
        s.likes = in.readLong();
        s.comments = in.readLong();
        s.shares = in.readLong();
        s.subscribersGained = in.readLong();
        s.subscribersLost = in.readLong();
        s.impressions = in.readLong();
        s.revenueMicroUsd = in.readLong();
        s.revenueEvents = in.readLong();
        return s;
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<ArmPoint> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: restoring it is creating it. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ArmPoint> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Makes Flink use this serializer wherever an {@link ArmPoint} appears. */
    public static final class TypeInfoFactory
            extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<ArmPoint> {
        @Override
        public TypeInformation<ArmPoint> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new OwnSerializerTypeInfo<>(ArmPoint.class, INSTANCE);
        }
    }
}
