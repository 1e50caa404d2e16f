package io.flywheel.api.scoring;

import java.util.List;
import java.util.Map;

/**
 * {@code model.json} in a model version's directory: what the boosters predict and from which
 * features. Written by training (batch-jobs), read by serving.
 *
 * @param modelName e.g. {@code engagement}
 * @param modelVersion the directory's version, e.g. {@code 12}
 * @param objective what is predicted, e.g. {@code engaged_views}
 * @param features the feature names, in column order (see {@link FeatureLayout})
 * @param boosters file names of the ensemble's boosters (XGBoost JSON or UBJ), in the directory
 * @param metrics validation metrics, e.g. {@code rmse}
 */
public record ModelManifest(
        String modelName,
        String modelVersion,
        String objective,
        List<String> features,
        List<String> boosters,
        Map<String, Double> metrics) {

    public static final String FILE_NAME = "model.json";
}
