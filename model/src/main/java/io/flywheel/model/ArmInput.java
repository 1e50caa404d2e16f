package io.flywheel.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an arm from its JSON fields, checking every value against {@link ParameterTable}: the
 * schemas' enum symbols (never UNKNOWN, which only an old reader sees), slug niches, voice ids of
 * the narrator's form, a duration and an hour in range.
 */
public final class ArmInput {
    private ArmInput() {}

    /** A problem with one field ({@code field} is the parameter's name). */
    public record Problem(String field, String message) {}

    /** The arm, or null with every problem found. */
    public record Result(Arm arm, List<Problem> problems) {}

    public static Result read(Map<String, Object> in) {
        List<Problem> problems = new ArrayList<>();
        for (String k : in.keySet()) {
            if (!ParameterTable.isName(k)) {
                problems.add(new Problem(k, "is not a content parameter"));
            }
        }
        List<Object> values = new ArrayList<>();
        for (Parameter p : ParameterTable.ALL) {
            Object v = in.get(p.name());
            String problem;
            if (v == null) {
                problem = "is required";
            } else if (p.integer() && !(v instanceof Integer)) {
                problem = "must be an integer";
            } else if (!p.integer() && !(v instanceof String)) {
                problem = "must be a string";
            } else {
                problem = p.problem(v);
            }
            if (problem != null) {
                problems.add(new Problem(p.name(), problem));
            }
            values.add(v);
        }
        return problems.isEmpty()
                ? new Result(Arm.of(values), List.of())
                : new Result(null, List.copyOf(problems));
    }
}
