package io.flywheel.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every event's current schema must be able to read every released version (backward) and be
 * readable by every released version (forward); and the current schema itself must be released, so
 * no unreleased shape ever reaches Kafka. An incompatible change fails the build here.
 */
class SchemaCompatibilityTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void currentSchemaIsReleased(EventType type) {
        List<Schema> released = ReleasedSchemas.of(type);
        assertThat(released)
                .as(
                        "%s has no released version; run ./flywheel dev release-schemas",
                        type.recordName())
                .isNotEmpty();
        Schema latest = released.get(released.size() - 1);
        assertThat(SchemaNormalization.parsingFingerprint64(latest))
                .as(
                        "%s changed since its latest release v%d; if the change is compatible,"
                                + " release it with ./flywheel dev release-schemas",
                        type.recordName(), released.size())
                .isEqualTo(SchemaNormalization.parsingFingerprint64(type.schema()));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void currentSchemaIsBackwardAndForwardCompatibleWithEveryRelease(EventType type) {
        Schema current = type.schema();
        List<String> problems = new ArrayList<>();
        int v = 1;
        for (Schema old : ReleasedSchemas.of(type)) {
            var backward = SchemaCompatibility.checkReaderWriterCompatibility(current, old);
            if (backward.getType() != SchemaCompatibilityType.COMPATIBLE) {
                problems.add(
                        "cannot read v" + v + ": " + backward.getResult().getIncompatibilities());
            }
            var forward = SchemaCompatibility.checkReaderWriterCompatibility(old, current);
            if (forward.getType() != SchemaCompatibilityType.COMPATIBLE) {
                problems.add(
                        "v" + v + " cannot read it: " + forward.getResult().getIncompatibilities());
            }
            v++;
        }
        assertThat(problems).as(type.recordName()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventCarriesTheSharedEnvelope(EventType type) {
        Schema.Field envelope = type.schema().getField("envelope");
        assertThat(envelope).isNotNull();
        assertThat(envelope.schema().getFullName()).isEqualTo("io.flywheel.schemas.Envelope");
        assertThat(envelope.schema().getFields())
                .extracting(Schema.Field::name)
                .containsExactly("event_id", "event_type", "event_time", "producer", "trace_id");
    }

    @ParameterizedTest
    @EnumSource(
            value = EventType.class,
            names = {"ENGAGEMENT_OBSERVED"})
    void engagementMetricsTellNotReportedFromZero(EventType type) {
        List<String> metrics =
                List.of(
                        "views",
                        "engagedViews",
                        "estimatedMinutesWatched",
                        "averageViewDuration",
                        "averageViewPercentage",
                        "likes",
                        "comments",
                        "shares",
                        "subscribersGained",
                        "subscribersLost",
                        "impressions",
                        "reach",
                        "saved");
        for (String m : metrics) {
            Schema.Field f = type.schema().getField(m);
            assertThat(f).as(m).isNotNull();
            assertThat(f.schema().isNullable()).as(m + " is nullable").isTrue();
            assertThat(f.defaultVal())
                    .as(m + " defaults to null, not 0")
                    .isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
        }
    }
}
