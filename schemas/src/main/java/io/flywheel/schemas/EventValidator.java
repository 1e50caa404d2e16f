package io.flywheel.schemas;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Applies the {@link ContractRules} to an event: the envelope's, the event's own, and those of the
 * records it carries (parameters, renditions). Returns every problem, not just the first, so a DLQ
 * reason tells the whole story. A message is built only for a rule that is broken: producers and
 * the streaming jobs validate every event, and nearly all of them pass.
 */
public final class EventValidator {
    public List<String> problems(SpecificRecord event) {
        List<String> problems = new ArrayList<>();
        try {
            EventType.of(event);
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
        Schema.Field envelopeField = event.getSchema().getField("envelope");
        Envelope env = (Envelope) event.get(envelopeField.pos());
        if (env == null) {
            return List.of("envelope is missing");
        }
        check(env, problems);
        check(SpecificRecord.class, event, problems);
        check(event, problems);
        for (Schema.Field f : event.getSchema().getFields()) {
            if (f.pos() != envelopeField.pos()) {
                nested(event.get(f.pos()), problems);
            }
        }
        return problems;
    }

    /** Records inside the event (one level: parameters, renditions) have rules of their own. */
    private static void nested(Object value, List<String> problems) {
        if (value instanceof SpecificRecord r) {
            check(r, problems);
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof SpecificRecord r) {
                    check(r, problems);
                }
            }
        }
    }

    private static void check(SpecificRecord record, List<String> problems) {
        check(record.getClass(), record, problems);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void check(Class<?> type, Object record, List<String> problems) {
        for (ContractRule rule : ContractRules.of(type)) {
            String problem = rule.problem(record);
            if (problem != null) {
                problems.add(problem);
            }
        }
    }
}
