package io.flywheel.model;

import java.util.List;
import java.util.function.Function;

/**
 * One content parameter: a row of {@link ParameterTable}.
 *
 * @param name the snake_case name (JSON, lake columns, the effects model)
 * @param avroField the field of {@code ContentParameters} that carries it
 * @param role segment, content or timing
 * @param kind how it enters the boosters
 * @param vocabulary a categorical parameter's fixed vocabulary (a value's position is its feature);
 *     empty when it is learned from the training data and kept in the model's metadata
 * @param values what recommendations choose from, as text
 * @param integer whether its value is a whole number
 * @param cycle above zero, the value is also encoded on the unit circle of this period
 * @param range a whole number's smallest and largest value; null for text
 * @param read reads it from an arm
 * @param check what an input value must be: returns a problem, or null when it is fine
 */
public record Parameter(
        String name,
        String avroField,
        Role role,
        FeatureKind kind,
        List<String> vocabulary,
        List<String> values,
        boolean integer,
        int cycle,
        Range range,
        Function<Arm, Object> read,
        Function<Object, String> check) {

    /** The values a whole number may take, both ends included. */
    public record Range(int min, int max) {}

    public Parameter {
        vocabulary = List.copyOf(vocabulary);
        values = List.copyOf(values);
    }

    /** A categorical parameter whose vocabulary the training learns (niche, voice). */
    public boolean learned() {
        return kind == FeatureKind.CATEGORICAL && vocabulary.isEmpty();
    }

    /** The arm's value as text (numbers in decimal), as arm keys and the lake spell it. */
    public String text(Arm a) {
        return String.valueOf(read.apply(a));
    }

    /** What is wrong with an input value of the right type, or null. */
    public String problem(Object value) {
        return value == null ? "is required" : check.apply(value);
    }
}
