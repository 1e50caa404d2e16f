package io.flywheel.api.http;

import io.flywheel.api.http.Problem.FieldError;
import io.flywheel.model.Arm;
import io.flywheel.model.ArmInput;
import io.flywheel.model.ParameterTable;
import java.util.List;
import java.util.Map;

/** An arm in a request body, checked against the one {@link ParameterTable}. */
public final class ArmFields {
    private ArmFields() {}

    /**
     * Reads an arm from its JSON fields, collecting every error under {@code pointer}. Returns null
     * when there are errors.
     */
    public static Arm read(Map<String, Object> in, String pointer, List<FieldError> errors) {
        if (in == null) {
            errors.add(new FieldError(pointer, "is required"));
            return null;
        }
        ArmInput.Result r = ArmInput.read(in);
        for (ArmInput.Problem p : r.problems()) {
            errors.add(new FieldError(pointer + "/" + p.field(), p.message()));
        }
        return r.arm();
    }

    /** What is wrong with a segment's platform, or null. */
    public static String platformError(String platform) {
        return ParameterTable.ALL.get(0).problem(platform);
    }

    /** What is wrong with a segment's niche, or null. */
    public static String nicheError(String niche) {
        return ParameterTable.ALL.get(1).problem(niche);
    }
}
