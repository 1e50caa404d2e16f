package io.flywheel.api.scoring;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code metadata.json} beside a model version's boosters ({@code member-NN.ubj}), as the batch
 * TrainJob writes it (camelCase keys); the fields serving needs. Unknown fields are ignored so that
 * training can add more.
 *
 * @param modelName e.g. {@code engagement}
 * @param version the registry version (1, 2, ...)
 * @param objective what is predicted, e.g. {@code engaged_views}
 * @param features the feature names, in column order ({@link ModelFeatures#FEATURES})
 * @param niches the niche vocabulary seen in training (a niche's index is its feature value)
 * @param voices the voice vocabulary seen in training
 * @param metrics validation metrics, e.g. {@code rmse}
 * @param featureImportanceGain gain per feature as training computed it
 * @param createdAt ISO-8601 time of training
 */
public record ModelMetadata(
        String modelName,
        int version,
        String objective,
        List<String> features,
        List<String> niches,
        List<String> voices,
        Map<String, Double> metrics,
        Map<String, Double> featureImportanceGain,
        String createdAt) {

    public static final String FILE = "metadata.json";
    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static ModelMetadata read(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(FILE).toFile(), ModelMetadata.class);
    }

    public void write(Path dir) throws IOException {
        JSON.writeValue(dir.resolve(FILE).toFile(), this);
    }

    public String versionId() {
        return Integer.toString(version);
    }
}
