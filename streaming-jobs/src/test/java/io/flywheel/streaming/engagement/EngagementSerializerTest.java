package io.flywheel.streaming.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class EngagementSerializerTest {
    @Test
    void flinkUsesItAndEveryFieldSurvivesARoundTrip() throws Exception {
        TypeSerializer<Engagement> s =
                TypeInformation.of(Engagement.class).createSerializer(new SerializerConfigImpl());
        assertThat(s).isSameAs(EngagementSerializer.INSTANCE);

        Engagement e = sample("TIKTOK");
        Engagement back = roundTrip(s, e, new Engagement());
        assertThat(back).usingRecursiveComparison().ignoringFields("videoIdText").isEqualTo(e);
        assertThat(back.videoId()).isEqualTo("0b7e4a3c-9c2f-4a8e-8d51-2f0c6e1d7a90");

        // A platform this build does not know still travels, as text.
        Engagement other = roundTrip(s, sample("SOMEWHERE_NEW"), new Engagement());
        assertThat(other.platform).isEqualTo("SOMEWHERE_NEW");
    }

    @Test
    void armPointsTravelWithTheirEngagement() throws Exception {
        TypeSerializer<ArmPoint> s =
                TypeInformation.of(ArmPoint.class).createSerializer(new SerializerConfigImpl());
        assertThat(s).isSameAs(ArmPointSerializer.INSTANCE);
        ArmPoint p = new ArmPoint("0123456789abcdef/TIKTOK", sample("TIKTOK"));

        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(p, out);
        ArmPoint back = s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(back.armPlatform).isEqualTo(p.armPlatform);
        assertThat(back.engagement)
                .usingRecursiveComparison()
                .ignoringFields("videoIdText")
                .isEqualTo(p.engagement);
    }

    @Test
    void aMinutesSumsTravelWithItsMinuteAndAReusedPointChangesKind() throws Exception {
        MinuteSums m = new MinuteSums(1_767_225_660_000L);
        m.sums.add(sample("TIKTOK"));
        m.sums.add(sample("TIKTOK"));
        ArmPoint sums = new ArmPoint("0123456789abcdef/TIKTOK", m);

        DataOutputSerializer out = new DataOutputSerializer(64);
        ArmPointSerializer.INSTANCE.serialize(sums, out);
        ArmPointSerializer.INSTANCE.serialize(new ArmPoint("a/TIKTOK", sample("TIKTOK")), out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        ArmPoint reused = ArmPointSerializer.INSTANCE.createInstance();

        ArmPoint back = ArmPointSerializer.INSTANCE.deserialize(reused, in);
        assertThat(back.engagement).isNull();
        assertThat(back.minuteStart).isEqualTo(m.minuteStart);
        assertThat(back.eventTime()).isEqualTo(m.minuteStart);
        assertThat(back.sums).usingRecursiveComparison().isEqualTo(m.sums);
        assertThat(back.sums.events).isEqualTo(2);

        back = ArmPointSerializer.INSTANCE.deserialize(reused, in);
        assertThat(back.sums).isNull();
        assertThat(back.engagement.platform).isEqualTo("TIKTOK");
        assertThat(in.available()).isZero();

        ArmPoint copy = ArmPointSerializer.INSTANCE.copy(sums);
        assertThat(copy.sums).isNotSameAs(sums.sums).usingRecursiveComparison().isEqualTo(m.sums);
    }

    /** State written before revenue (snapshot version 3) restores, migrated, as "not reported". */
    @Test
    void stateWrittenBeforeRevenueIsMigrated() throws Exception {
        org.apache.flink.api.common.typeutils.TypeSerializerSnapshot<Engagement> old =
                new EngagementSerializer.Snapshot();
        old.readSnapshot(3, new DataInputDeserializer(new byte[0]), getClass().getClassLoader());
        assertThat(
                        EngagementSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(old)
                                .isCompatibleAfterMigration())
                .isTrue();
        assertThat(
                        EngagementSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(
                                        EngagementSerializer.INSTANCE.snapshotConfiguration())
                                .isCompatibleAsIs())
                .isTrue();

        Engagement e = sample("TIKTOK");
        DataOutputSerializer out = new DataOutputSerializer(64);
        EngagementSerializer.WITHOUT_REVENUE.serialize(e, out); // the old layout
        Engagement back =
                old.restoreSerializer()
                        .deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.revenueReported).isFalse();
        assertThat(back.revenueMicroUsd).isZero();
        assertThat(back.impressions).isEqualTo(e.impressions);
    }

    @Test
    void aReusedRecordForgetsTheVideoIdItHadBefore() throws Exception {
        Engagement reused = sample("TIKTOK");
        assertThat(reused.videoId()).startsWith("0b7e4a3c");
        Engagement next = sample("YOUTUBE_SHORTS");
        UUID other = UUID.fromString("11111111-2222-4333-8444-555555555555");
        next.videoIdHigh = other.getMostSignificantBits();
        next.videoIdLow = other.getLeastSignificantBits();

        roundTrip(EngagementSerializer.INSTANCE, next, reused);

        assertThat(reused.videoId()).isEqualTo(other.toString());
        assertThat(reused.platform).isEqualTo("YOUTUBE_SHORTS");
    }

    private static Engagement roundTrip(
            TypeSerializer<Engagement> s, Engagement e, Engagement reuse) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(e, out);
        return s.deserialize(reuse, new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    private static Engagement sample(String platform) {
        Engagement e = new Engagement();
        UUID id = UUID.fromString("f47ac10b-58cc-4372-a567-0e02b2c3d479");
        UUID video = UUID.fromString("0b7e4a3c-9c2f-4a8e-8d51-2f0c6e1d7a90");
        e.eventIdHigh = id.getMostSignificantBits();
        e.eventIdLow = id.getLeastSignificantBits();
        e.videoIdHigh = video.getMostSignificantBits();
        e.videoIdLow = video.getLeastSignificantBits();
        e.platform = platform;
        e.eventTime = 1_767_225_600_123L;
        e.views = 11;
        e.engagedViews = 7;
        e.minutesWatched = 3.25;
        e.viewPercentWeighted = 412.5;
        e.viewPercentViews = 11;
        e.likes = 3;
        e.comments = 1;
        e.shares = 2;
        e.subscribersGained = 4;
        e.subscribersLost = 1;
        e.impressions = 90;
        e.revenueMicroUsd = 1_234_567;
        e.revenueReported = true;
        return e;
    }
}
