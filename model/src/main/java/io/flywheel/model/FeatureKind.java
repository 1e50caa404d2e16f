package io.flywheel.model;

/**
 * How a parameter enters the boosters. The training declares the XGBoost feature type of each
 * column ({@link #trainingType}), and a feature map that names the columns must give each the same
 * kind of split ({@link #featureMapType}): XGBoost refuses to dump a categorical split under a
 * numeric type and the other way round.
 */
public enum FeatureKind {
    /** A position in a vocabulary; trees split on sets of values. */
    CATEGORICAL("c", "c"),
    /** A whole number whose order means something (seconds, hours). */
    ORDINAL("q", "int"),
    /** A real number (the hour on the unit circle). */
    NUMERIC("q", "q");

    private final String trainingType;
    private final String featureMapType;

    FeatureKind(String trainingType, String featureMapType) {
        this.trainingType = trainingType;
        this.featureMapType = featureMapType;
    }

    /** The type xgboost4j-spark's {@code setFeatureTypes} takes. */
    public String trainingType() {
        return trainingType;
    }

    /** The type in an XGBoost feature map ({@code fmap.txt}): c, int or q. */
    public String featureMapType() {
        return featureMapType;
    }
}
