package io.flywheel.api.scoring;

import java.util.List;

/**
 * How an arm becomes the model's feature vector, as the model's manifest lists it: a feature named
 * {@code parameter=value} is 1 when the arm has that value and 0 otherwise (one-hot), a feature
 * named {@code parameter} is the parameter's number ({@code target_duration_s}, {@code
 * posting_hour}). Training writes the names; serving follows them, so the two cannot drift.
 */
public final class FeatureLayout {
    private final List<String> names;
    private final String[] parameter;
    private final String[] value; // null for a numeric feature

    public FeatureLayout(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one feature");
        }
        this.names = List.copyOf(names);
        this.parameter = new String[names.size()];
        this.value = new String[names.size()];
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            int eq = n.indexOf('=');
            String p = eq < 0 ? n : n.substring(0, eq);
            if (!ArmSpace.PARAMETERS.contains(p)) {
                throw new IllegalArgumentException("feature " + n + " names no content parameter");
            }
            if (eq < 0 && !p.equals("target_duration_s") && !p.equals("posting_hour")) {
                throw new IllegalArgumentException(
                        "feature " + n + " is not numeric; name it " + p + "=<value>");
            }
            parameter[i] = p;
            value[i] = eq < 0 ? null : n.substring(eq + 1);
        }
    }

    public List<String> names() {
        return names;
    }

    public int width() {
        return names.size();
    }

    /** Writes the arm's features into {@code out} starting at {@code offset}. */
    public void encode(Arm arm, float[] out, int offset) {
        for (int i = 0; i < parameter.length; i++) {
            String v = arm.value(parameter[i]);
            out[offset + i] =
                    value[i] == null ? Float.parseFloat(v) : (value[i].equals(v) ? 1f : 0f);
        }
    }
}
