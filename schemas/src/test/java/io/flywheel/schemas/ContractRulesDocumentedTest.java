package io.flywheel.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * A producer written from the {@code .avsc} files alone must know what gets dead-lettered: the doc
 * of every field a {@link ContractRule} checks says that rule in its words. Adding a rule without
 * documenting it fails here.
 */
class ContractRulesDocumentedTest {

    @Test
    void everyRuleIsSaidInTheDocOfItsField() {
        Map<String, Schema> records = recordsOfTheCurrentSchemas();
        List<String> undocumented = new ArrayList<>();
        for (ContractRule<?, ?> rule : ContractRules.all()) {
            Schema record = records.get(rule.schema());
            assertThat(record).as("schema %s of rule %s", rule.schema(), rule).isNotNull();
            Schema.Field field = record.getField(rule.field());
            assertThat(field).as("%s.%s", rule.schema(), rule.field()).isNotNull();
            String doc = field.doc() == null ? "" : field.doc();
            if (!doc.contains("Rule: " + rule.text())) {
                undocumented.add(
                        rule.schema()
                                + "."
                                + rule.field()
                                + " does not say 'Rule: "
                                + rule.text()
                                + "' (doc: '"
                                + doc
                                + "')");
            }
        }
        assertThat(undocumented).isEmpty();
    }

    @Test
    void theTableHasTheRulesOfEveryEvent() {
        // 5 envelope rules plus each event's own; a rule dropped by mistake changes the count.
        assertThat(ContractRules.all()).hasSize(83);
        for (EventType type : EventType.values()) {
            assertThat(ContractRules.of(classOf(type))).as(type.recordName()).isNotEmpty();
        }
    }

    @Test
    void deadLetterDocsStateTheBoundsOfTheirConstants() {
        Schema dl = DeadLetter.getClassSchema();
        String bytes = Integer.toString(DeadLetters.MAX_ORIGINAL_BYTES);
        assertThat(dl.getField("original_value").doc())
                .contains("at most its first " + bytes + " bytes")
                .contains("DeadLetters.MAX_ORIGINAL_BYTES");
        assertThat(dl.getField("original_key").doc()).contains("at most its first " + bytes);
        assertThat(dl.getField("reason").doc())
                .contains("at most " + DeadLetters.MAX_REASON_CHARS + " characters");
        assertThat(DeadLetters.MAX_ORIGINAL_BYTES).isEqualTo(65_536);
    }

    private static Class<?> classOf(EventType type) {
        try {
            return Class.forName(type.schema().getFullName());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /** Every record schema reachable from the events, by simple name. */
    private static Map<String, Schema> recordsOfTheCurrentSchemas() {
        Map<String, Schema> out = new HashMap<>();
        for (EventType type : EventType.values()) {
            collect(type.schema(), out);
        }
        return out;
    }

    private static void collect(Schema s, Map<String, Schema> out) {
        switch (s.getType()) {
            case RECORD -> {
                if (out.putIfAbsent(s.getName(), s) == null) {
                    for (Schema.Field f : s.getFields()) {
                        collect(f.schema(), out);
                    }
                }
            }
            case ARRAY -> collect(s.getElementType(), out);
            case MAP -> collect(s.getValueType(), out);
            case UNION -> s.getTypes().forEach(t -> collect(t, out));
            default -> {}
        }
    }
}
