package io.flywheel.streaming.engagement;

import io.flywheel.schemas.Platform;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes an {@link Engagement} as a fixed sequence of numbers: 4 longs of ids, one byte of
 * platform, then the metrics. Flink's POJO serializer would write a null marker per field, the
 * video id as 36 characters, and create each record and set each field by reflection (measured:
 * about a tenth of the job's CPU between the two hops an event used to make).
 */
public final class EngagementSerializer extends TypeSerializerSingleton<Engagement> {
    private static final long serialVersionUID = 1L;

    public static final EngagementSerializer INSTANCE = new EngagementSerializer(true);

    /**
     * The layout before revenue (session 15): what state written then holds. Restoring such state
     * reads it with this and migrates it (revenue "not reported").
     */
    static final EngagementSerializer WITHOUT_REVENUE = new EngagementSerializer(false);

    private final boolean withRevenue;

    private EngagementSerializer(boolean withRevenue) {
        this.withRevenue = withRevenue;
    }

    private static final Platform[] PLATFORMS = Platform.values();

    /** Marks a platform name that is not a {@code Platform} constant (written as text after). */
    private static final byte OTHER_PLATFORM = -1;

    private static final byte NO_PLATFORM = -2;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public Engagement createInstance() {
        return new Engagement();
    }

    @Override
    public Engagement copy(Engagement from) {
        return copy(from, new Engagement());
    }

    @Override
    public Engagement copy(Engagement f, Engagement t) {
        t.eventIdHigh = f.eventIdHigh;
        t.eventIdLow = f.eventIdLow;
        t.videoIdHigh = f.videoIdHigh;
        t.videoIdLow = f.videoIdLow;
        t.videoIdText = f.videoIdText;
        t.platform = f.platform;
        t.eventTime = f.eventTime;
        t.views = f.views;
        t.engagedViews = f.engagedViews;
        t.minutesWatched = f.minutesWatched;
        t.viewPercentWeighted = f.viewPercentWeighted;
        t.viewPercentViews = f.viewPercentViews;
        t.likes = f.likes;
        t.comments = f.comments;
        t.shares = f.shares;
        t.subscribersGained = f.subscribersGained;
        t.subscribersLost = f.subscribersLost;
        t.impressions = f.impressions;
        t.revenueMicroUsd = f.revenueMicroUsd;
        t.revenueReported = f.revenueReported;
        return t;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Engagement e, DataOutputView out) throws IOException {
        out.writeLong(e.eventIdHigh);
        out.writeLong(e.eventIdLow);
        out.writeLong(e.videoIdHigh);
        out.writeLong(e.videoIdLow);
        writePlatform(e.platform, out);
        out.writeLong(e.eventTime);
        out.writeLong(e.views);
        out.writeLong(e.engagedViews);
        out.writeDouble(e.minutesWatched);
        out.writeDouble(e.viewPercentWeighted);
        out.writeLong(e.viewPercentViews);
        out.writeLong(e.likes);
        out.writeLong(e.comments);
        out.writeLong(e.shares);
        out.writeLong(e.subscribersGained);
        out.writeLong(e.subscribersLost);
        out.writeLong(e.impressions);
        if (withRevenue) {
            out.writeBoolean(e.revenueReported);
            out.writeLong(e.revenueMicroUsd);
        }
    }

    @Override
    public Engagement deserialize(DataInputView in) throws IOException {
        return deserialize(new Engagement(), in);
    }

    @Override
    public Engagement deserialize(Engagement e, DataInputView in) throws IOException {
        e.eventIdHigh = in.readLong();
        e.eventIdLow = in.readLong();
        e.videoIdHigh = in.readLong();
        e.videoIdLow = in.readLong();
        e.videoIdText = null;
        e.platform = readPlatform(in);
        e.eventTime = in.readLong();
        e.views = in.readLong();
        e.engagedViews = in.readLong();
        e.minutesWatched = in.readDouble();
        e.viewPercentWeighted = in.readDouble();
        e.viewPercentViews = in.readLong();
        e.likes = in.readLong();
        e.comments = in.readLong();
        e.shares = in.readLong();
        e.subscribersGained = in.readLong();
        e.subscribersLost = in.readLong();
        e.impressions = in.readLong();
        if (withRevenue) {
            e.revenueReported = in.readBoolean();
            e.revenueMicroUsd = in.readLong();
        } else {
            e.revenueReported = false;
            e.revenueMicroUsd = 0;
        }
        return e;
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    private static void writePlatform(String platform, DataOutputView out) throws IOException {
        if (platform == null) {
            out.writeByte(NO_PLATFORM);
            return;
        }
        for (Platform p : PLATFORMS) {
            if (p.name().equals(platform)) {
                out.writeByte(p.ordinal());
                return;
            }
        }
        out.writeByte(OTHER_PLATFORM);
        out.writeUTF(platform);
    }

    private static String readPlatform(DataInputView in) throws IOException {
        byte b = in.readByte();
        if (b == NO_PLATFORM) {
            return null;
        }
        if (b == OTHER_PLATFORM) {
            return in.readUTF();
        }
        return PLATFORMS[b].name();
    }

    @Override
    public TypeSerializerSnapshot<Engagement> snapshotConfiguration() {
        return new Snapshot(withRevenue ? Snapshot.WITH_REVENUE : Snapshot.BEFORE_REVENUE);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EngagementSerializer other && other.withRevenue == withRevenue;
    }

    @Override
    public int hashCode() {
        return withRevenue ? 2 : 1;
    }

    /**
     * Versions of the layout. Up to version 3 (written by Flink's {@code
     * SimpleTypeSerializerSnapshot}, no payload) the layout had no revenue; from version 4 it has.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<Engagement> {
        static final int BEFORE_REVENUE = 3;
        static final int WITH_REVENUE = 4;

        private int version;

        public Snapshot() {
            this(WITH_REVENUE);
        }

        Snapshot(int version) {
            this.version = version;
        }

        @Override
        public int getCurrentVersion() {
            return WITH_REVENUE;
        }

        @Override
        public void writeSnapshot(DataOutputView out) {}

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader loader) {
            version = readVersion;
        }

        @Override
        public TypeSerializer<Engagement> restoreSerializer() {
            return version >= WITH_REVENUE ? INSTANCE : WITHOUT_REVENUE;
        }

        @Override
        public TypeSerializerSchemaCompatibility<Engagement> resolveSchemaCompatibility(
                TypeSerializerSnapshot<Engagement> old) {
            if (!(old instanceof Snapshot s)) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            return s.version >= WITH_REVENUE
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
    }

    /** Makes Flink use this serializer wherever an {@link Engagement} appears. */
    public static final class TypeInfoFactory
            extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<Engagement> {
        @Override
        public TypeInformation<Engagement> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new OwnSerializerTypeInfo<>(Engagement.class, INSTANCE);
        }
    }
}
