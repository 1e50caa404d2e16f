package io.flywheel.model;

/**
 * One column of the boosters' input, derived from a parameter.
 *
 * @param name the column's name, as {@code metadata.json} and the feature map list it
 * @param parameter the parameter it is computed from
 * @param kind its XGBoost kind
 * @param form how the number is computed from the parameter's value
 */
public record Feature(String name, Parameter parameter, FeatureKind kind, Form form) {
    /** How a feature's number comes from its parameter's value. */
    public enum Form {
        /** The value's position in the vocabulary, -1 when absent. */
        POSITION,
        /** The number itself. */
        VALUE,
        /** sin(value · 2π / cycle). */
        SIN,
        /** cos(value · 2π / cycle). */
        COS
    }

    /**
     * The angle's factor, {@code 2π / cycle}, computed once as the Spark adapter's literal is, so
     * the Java and Spark numbers are the same to the bit.
     */
    public double radiansPerUnit() {
        return 2 * Math.PI / parameter.cycle();
    }
}
