package io.flywheel.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code metadata.json} beside a model's boosters: everything needed to use it (features and their
 * vocabularies) and to re-train it bit for bit (parameters, seeds, the Delta table and the version
 * it was read at, the validation cutoff).
 *
 * @param vocabularies the vocabularies learned in training, by parameter name: one for each {@link
 *     Parameter#learned()} parameter of the table
 */
public record ModelMetadata(
        String modelName,
        int version,
        String objective,
        List<String> features,
        Map<String, List<String>> vocabularies,
        Map<String, Object> params,
        String trainingTable,
        long trainingTableVersion,
        long trainRows,
        long validationRows,
        String validationCutoff,
        Map<String, Double> metrics,
        Map<String, Double> baselineMetrics,
        Map<String, Double> championMetrics,
        Map<String, Double> featureImportanceGain,
        String createdAt) {
    public static final String FILE = "metadata.json";
    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * The encoder of this model's features; a model whose features are not {@link
     * ParameterTable#FEATURES} is refused, as serving it would silently mispredict.
     */
    public FeatureEncoder encoder() {
        if (!ParameterTable.featureNames().equals(features)) {
            throw new IllegalStateException(
                    "model "
                            + modelName
                            + " v"
                            + version
                            + " uses features "
                            + features
                            + "; this build knows "
                            + ParameterTable.featureNames());
        }
        return new FeatureEncoder(vocabularies == null ? Map.of() : vocabularies);
    }

    /** The registry version as text, as ModelPromoted carries it. */
    public String versionId() {
        return Integer.toString(version);
    }

    public void write(Path dir) {
        try {
            JSON.writeValue(dir.resolve(FILE).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ModelMetadata read(Path dir) {
        try {
            return parse(JSON.readTree(dir.resolve(FILE).toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(FILE), e);
        }
    }

    /**
     * The metadata of a model file's JSON. Files written before {@code vocabularies} named each
     * learned vocabulary as a field of its own, the parameter's name in the plural ({@code
     * "niches": [...]}): those are read into the map.
     */
    static ModelMetadata parse(JsonNode json) throws IOException {
        if (json instanceof ObjectNode o && !o.has("vocabularies")) {
            ObjectNode vocabularies = o.objectNode();
            for (Parameter p : ParameterTable.ALL) {
                JsonNode old = o.remove(p.name() + "s");
                if (p.learned() && old != null) {
                    vocabularies.set(p.name(), old);
                }
            }
            o.set("vocabularies", vocabularies);
        }
        return JSON.treeToValue(json, ModelMetadata.class);
    }
}
