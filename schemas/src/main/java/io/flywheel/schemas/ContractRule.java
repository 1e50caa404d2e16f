package io.flywheel.schemas;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One rule of an event contract that Avro cannot express, defined once: where it applies, the text
 * that both the field's {@code doc} in the {@code .avsc} and the DLQ reason say, and the check. The
 * rules are listed in {@link ContractRules}; {@link EventValidator} applies them.
 *
 * @param <R> the generated class the rule is checked on (the record that declares the field, or the
 *     event for a rule that relates fields)
 * @param <V> the value the check looks at
 * @param schema the Avro record whose field documents the rule, e.g. {@code Envelope}
 * @param field that field's name in the schema
 * @param appliesTo the generated class to check; see {@code R}
 * @param subject how the DLQ reason names the field, e.g. {@code envelope.event_id}
 * @param text the rule as said in the field's doc and the reason, e.g. {@code must be a UUID}
 * @param value reads the checked value from the record
 * @param holds the check; it is given null for an unset value
 * @param shown how a breaking value appears in the reason ({@code , not 'x'}), or null for not at
 *     all
 */
public record ContractRule<R, V>(
        String schema,
        String field,
        Class<R> appliesTo,
        String subject,
        String text,
        Function<R, V> value,
        Predicate<V> holds,
        Function<V, String> shown) {

    /** The problem with {@code record}, or null if the rule holds. */
    String problem(R record) {
        V v = value.apply(record);
        if (holds.test(v)) {
            return null;
        }
        return shown == null
                ? subject + " " + text
                : subject + " " + text + ", not " + shown.apply(v);
    }

    /** A value shown in quotes (strings: a blank or odd id is visible as such). */
    static String quoted(Object v) {
        return "'" + v + "'";
    }
}
