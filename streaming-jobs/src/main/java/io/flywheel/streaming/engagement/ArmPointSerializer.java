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
 * Writes an {@link ArmPoint} as its window key and its {@link EngagementSerializer engagement},
 * without the reflection and per-field null markers of Flink's POJO serializer.
 */
public final class ArmPointSerializer extends TypeSerializerSingleton<ArmPoint> {
    private static final long serialVersionUID = 1L;

    public static final ArmPointSerializer INSTANCE = new ArmPointSerializer();

    private static final EngagementSerializer ENGAGEMENT = EngagementSerializer.INSTANCE;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public ArmPoint createInstance() {
        return new ArmPoint(null, new Engagement());
    }

    @Override
    public ArmPoint copy(ArmPoint from) {
        return new ArmPoint(from.armPlatform, ENGAGEMENT.copy(from.engagement));
    }

    @Override
    public ArmPoint copy(ArmPoint from, ArmPoint reuse) {
        reuse.armPlatform = from.armPlatform;
        reuse.engagement =
                reuse.engagement == null
                        ? ENGAGEMENT.copy(from.engagement)
                        : ENGAGEMENT.copy(from.engagement, reuse.engagement);
        return reuse;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ArmPoint p, DataOutputView out) throws IOException {
        StringValue.writeString(p.armPlatform, out);
        ENGAGEMENT.serialize(p.engagement, out);
    }

    @Override
    public ArmPoint deserialize(DataInputView in) throws IOException {
        return new ArmPoint(StringValue.readString(in), ENGAGEMENT.deserialize(in));
    }

    @Override
    public ArmPoint deserialize(ArmPoint reuse, DataInputView in) throws IOException {
        reuse.armPlatform = StringValue.readString(in);
        reuse.engagement =
                reuse.engagement == null
                        ? ENGAGEMENT.deserialize(in)
                        : ENGAGEMENT.deserialize(reuse.engagement, in);
        return reuse;
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
